import { utf8Encode } from '../protocol/index.ts'

/** A Close frame's reason may hold 123 bytes (125 minus the code, RFC 6455 §5.5). */
export const MAX_CLOSE_REASON_BYTES = 123

/** `text` cut to fit a Close frame's reason, at a character boundary, with "…" when cut. */
export function closeReason(text: string): string {
  if (utf8Encode(text).length <= MAX_CLOSE_REASON_BYTES) return text
  let cut = text
  while (utf8Encode(`${cut}…`).length > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1)
  return `${cut}…`
}
