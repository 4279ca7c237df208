import { err, ok, toHex, type Result } from '../../protocol/index.ts'
import { parseHex } from '../../rules/rules.ts'

/** How a held message is edited: as text, as pretty-printed JSON, or as hex bytes. */
export type EditFormat = 'text' | 'json' | 'hex'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The message as editable text in `format` (binary data that is not UTF-8 only as hex). */
export function toEditText(data: Uint8Array, format: EditFormat): string {
  if (format === 'hex') return toHex(data, ' ')
  let text: string
  try {
    text = utf8.decode(data)
  } catch {
    return toHex(data, ' ')
  }
  if (format === 'json') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2)
    } catch {
      return text
    }
  }
  return text
}

/** The edited bytes, or why the text cannot be sent. */
export function fromEditText(text: string, format: EditFormat): Result<Uint8Array> {
  if (format === 'hex') {
    const bytes = parseHex(text)
    return bytes ? ok(bytes) : err('Not hex bytes: use pairs of 0-9 a-f, spaces allowed.')
  }
  if (format === 'json') {
    try {
      // Sent compact, as most apps send JSON.
      return ok(new TextEncoder().encode(JSON.stringify(JSON.parse(text))))
    } catch (e) {
      return err(`Not valid JSON: ${(e as Error).message}`)
    }
  }
  return ok(new TextEncoder().encode(text))
}
