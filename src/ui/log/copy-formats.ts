/**
 * A logged message as text to copy: its payload as text, hex or base64, a JSON record, or a
 * `wsinspect decode` command that decodes its frame bytes again (pasted in a shell).
 */
import { encodeBase64, toHex, utf8Decode } from '../../protocol/index.ts'

export const COPY_FORMATS = [
  { key: 'text', label: 'Text' },
  { key: 'json', label: 'JSON' },
  { key: 'hex', label: 'Hex' },
  { key: 'base64', label: 'Base64' },
  { key: 'command', label: 'wsinspect decode command' },
] as const

export type CopyFormat = (typeof COPY_FORMATS)[number]['key']

/** A logged message as rows copy it. */
export interface RowMessage {
  index: number
  t: number
  sender: 'client' | 'server'
  type: string
  /** The stored payload (after unmasking and decompression). */
  data: Uint8Array
  size: number
}

export interface CopyMessage extends RowMessage {
  /** The message's frames as on the wire (or as RFC 6455 lays them out, in direct mode). */
  frameBytes: Uint8Array
  /** The negotiated extensions, for a compressed message's command. */
  extensions: string
}

export function copyText(format: CopyFormat, m: CopyMessage): string {
  switch (format) {
    case 'text':
      return utf8Decode(m.data)
    case 'hex':
      return toHex(m.data, ' ')
    case 'base64':
      return encodeBase64(m.data)
    case 'json':
      return JSON.stringify(messageRecord(m), null, 2)
    case 'command': {
      const extensions = m.extensions ? ` --extensions '${m.extensions.replace(/'/g, `'\\''`)}'` : ''
      return `echo '${toHex(m.frameBytes, ' ')}' | npx wsinspect decode - --from ${m.sender}${extensions}`
    }
  }
}

/** The JSON record of a message: number, time, direction, type, size, and its text or base64. */
export function messageRecord(m: RowMessage) {
  return {
    number: m.index + 1,
    time: new Date(m.t).toISOString(),
    direction: m.sender === 'client' ? 'sent' : 'received',
    type: m.type,
    size: m.size,
    ...(m.type === 'binary' ? { base64: encodeBase64(m.data) } : { text: utf8Decode(m.data) }),
  }
}
