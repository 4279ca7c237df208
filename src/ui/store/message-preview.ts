/**
 * One-line previews for the log's preview column, decoded only for the rows on screen and
 * kept in a small LRU cache: scrolling back and forth costs nothing, a million messages cost
 * nothing until they are looked at.
 */
import { describeCloseCode, toHex, utf8Decode } from '../../protocol/index.ts'
import type { MessageStore } from './message-store.ts'

/** Bytes decoded for a preview: what a wide column shows (laying out more costs every frame). */
const PREVIEW_BYTES = 120
const HEX_BYTES = 24
const CACHE_SIZE = 1000

export class MessagePreviews {
  private readonly cache = new Map<number, string>()

  constructor(private readonly store: MessageStore) {}

  get(i: number): string {
    let text = this.cache.get(i)
    if (text !== undefined) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.cache.delete(i)
    } else {
      text = preview(this.store, i)
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!)
    }
    this.cache.set(i, text)
    return text
  }
}

export function preview(store: MessageStore, i: number): string {
  const data = store.payload(i)
  // A capture gap's damage first: compressed bytes it left uninflatable are not text, whatever the opcode says.
  const gap = store.gap(i)
  if (gap === 'not-inflated') return `(compressed, not inflated) ${hexStart(data)}`
  return gap === 'cut' ? `(cut by a capture gap) ${typedPreview(store, i, data)}` : typedPreview(store, i, data)
}

function typedPreview(store: MessageStore, i: number, data: Uint8Array): string {
  switch (store.type(i)) {
    case 'close': {
      const code = store.closeCode(i)
      if (code === null) return 'no status code'
      const reason = data.length > 2 ? oneLine(textStart(data.subarray(2))) : ''
      return `${code} ${describeCloseCode(code).name}${reason ? ` — ${reason}` : ''}`
    }
    case 'binary':
      return hexStart(data)
    case 'text':
      return oneLine(textStart(data))
    default:
      // Ping and pong payloads are often text ("keepalive"), sometimes random bytes.
      if (data.length === 0) return '(empty)'
      return isPrintableAscii(data) ? oneLine(textStart(data)) : hexStart(data)
  }
}

/** Decodes the first bytes, cut back to a character boundary so no U+FFFD appears at the end. */
function textStart(data: Uint8Array): string {
  if (data.length <= PREVIEW_BYTES) return utf8Decode(data)
  let end = PREVIEW_BYTES
  while (end > 0 && (data[end] & 0xc0) === 0x80) end--
  return `${utf8Decode(data.subarray(0, end))}…`
}

function hexStart(data: Uint8Array): string {
  if (data.length === 0) return '(empty)'
  return toHex(data.subarray(0, HEX_BYTES), ' ') + (data.length > HEX_BYTES ? ' …' : '')
}

/** Line breaks and tabs become spaces, other control characters a middle dot. */
function oneLine(text: string): string {
  return text.replace(/[\t\n\r]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '·')
}

function isPrintableAscii(data: Uint8Array): boolean {
  for (const b of data) if (b < 0x20 || b >= 0x7f) return false
  return true
}
