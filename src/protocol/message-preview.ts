/**
 * The one-line preview of a message, the same in the log, the decoder page and the CLI: text
 * decoded from its first bytes and cut at a character boundary, binary as its first bytes in
 * hex, a Close frame as its code, name and reason. Every control character is replaced, so a
 * preview is always one line and never drives a terminal (ESC, CSI) or breaks a layout.
 */
import { toHex, utf8Decode } from './bytes.ts'
import { describeCloseCode } from './close-codes.ts'
import type { MessageGapEffect, MessageType } from './decoder-events.ts'

/** Bytes decoded for a text preview: what a wide column shows (laying out more costs every frame). */
export const PREVIEW_TEXT_BYTES = 120
/** Bytes shown in hex for a binary preview. */
export const PREVIEW_HEX_BYTES = 24

/** What a preview needs of a message: a decoder's MessageRecord or a row of the app's message store. */
export interface PreviewedMessage {
  readonly type: MessageType
  /** The application data; for a Close frame its whole body (code, then reason). */
  readonly data: Uint8Array
  readonly closeCode: number | null
  readonly gap?: MessageGapEffect | null
}

export function messagePreview(m: PreviewedMessage): string {
  // A capture gap's damage first: compressed bytes it left uninflatable are not text, whatever the opcode says.
  if (m.gap === 'not-inflated') return `(compressed, not inflated) ${hexPreview(m.data)}`
  const shown = typedPreview(m)
  return m.gap === 'cut' ? `(cut by a capture gap) ${shown}` : shown
}

function typedPreview({ type, data, closeCode }: PreviewedMessage): string {
  switch (type) {
    case 'close': {
      if (closeCode === null) return 'no status code (reported as 1005)'
      const reason = data.length > 2 ? textPreview(data.subarray(2)) : ''
      return `${closeCode} ${describeCloseCode(closeCode).name}${reason ? ` — ${reason}` : ''}`
    }
    case 'binary':
      return hexPreview(data)
    case 'text':
      return textPreview(data)
    default:
      // Ping and pong payloads are often text ("keepalive"), sometimes random bytes.
      if (data.length === 0) return '(empty)'
      return isPrintableAscii(data) ? textPreview(data) : hexPreview(data)
  }
}

/**
 * The first `maxBytes` decoded as one line, cut back to a character boundary so no U+FFFD
 * appears at the cut, with "…" when something was left out. Invalid UTF-8 shows as U+FFFD.
 */
export function textPreview(data: Uint8Array, maxBytes = PREVIEW_TEXT_BYTES): string {
  if (data.length <= maxBytes) return oneLine(utf8Decode(data))
  let end = maxBytes
  // Back over continuation bytes (10xxxxxx) to the start of the character the cut would split.
  while (end > 0 && ((data[end] ?? 0) & 0xc0) === 0x80) end--
  return `${oneLine(utf8Decode(data.subarray(0, end)))}…`
}

/** The first `maxBytes` in hex, " …" when there are more; "(empty)" for no bytes. */
export function hexPreview(data: Uint8Array, maxBytes = PREVIEW_HEX_BYTES): string {
  if (data.length === 0) return '(empty)'
  return data.length > maxBytes ? `${toHex(data.subarray(0, maxBytes), ' ')} …` : toHex(data, ' ')
}

/** At most `maxChars` characters of one line, "…" last when cut (summaries of decoded values). */
export function clipLine(text: string, maxChars: number): string {
  const line = oneLine(text)
  if (line.length <= maxChars) return line
  let end = maxChars - 1
  // Never split a surrogate pair (an emoji, say) in two.
  if (end > 0 && (line.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--
  return `${line.slice(0, end)}…`
}

/**
 * Line breaks (with the indentation around them) and tabs become one space; other C0 and C1
 * control characters and DEL a middle dot.
 */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*[\r\n\u2028\u2029]\s*|\t+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '·')
}

function isPrintableAscii(data: Uint8Array): boolean {
  for (const b of data) if (b < 0x20 || b >= 0x7f) return false
  return true
}
