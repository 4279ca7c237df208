import { toJsonValue, type JsonValue } from './json-value.ts'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const NOT_YET = Symbol('not yet')
const INVALID = Symbol('invalid')

/**
 * One message (or inner layer) as the decoders see it. Text and JSON are worked out once and
 * kept, because a dozen sniffers ask for them.
 */
export class PayloadInput {
  private textMemo: string | typeof INVALID | typeof NOT_YET = NOT_YET
  private jsonMemo: unknown = NOT_YET
  /** Made on first use: most messages are read by a decoder that needs none. */
  private memos: Map<string, unknown> | null = null

  /** `isText`: a WebSocket text message, or text an outer layer produced. */
  constructor(
    readonly bytes: Uint8Array,
    readonly isText: boolean,
  ) {}

  static ofText(text: string): PayloadInput {
    const input = new PayloadInput(new TextEncoder().encode(text), true)
    input.textMemo = text
    return input
  }

  /** The bytes as UTF-8, or null when they are not valid UTF-8. */
  get text(): string | null {
    if (this.textMemo === NOT_YET) {
      try {
        this.textMemo = strictUtf8.decode(this.bytes)
      } catch {
        this.textMemo = INVALID
      }
    }
    return this.textMemo === INVALID ? null : this.textMemo
  }

  /** The parsed JSON document, or undefined when the text is not JSON. */
  get json(): unknown {
    if (this.jsonMemo === NOT_YET) {
      const text = this.text
      // Only a plausible start is parsed: most binary and plain-text messages are ruled out cheaply.
      if (text === null || !JSON_START.has(text.charCodeAt(firstNonSpace(text)))) this.jsonMemo = undefined
      else {
        try {
          this.jsonMemo = JSON.parse(text)
        } catch {
          this.jsonMemo = undefined
        }
      }
    }
    return this.jsonMemo
  }

  /** Work shared between a decoder's sniff and decode (a binary parse), done once. */
  memo<T>(key: string, compute: () => T): T {
    const memos = (this.memos ??= new Map())
    if (!memos.has(key)) memos.set(key, compute())
    return memos.get(key) as T
  }

  /** The content as a JSON value: its text, or `{"$binary": hex}`. */
  asValue(): JsonValue {
    const text = this.text
    return text !== null && (this.isText || isPrintable(text)) ? text : toJsonValue(this.bytes)
  }
}

/** The first characters a JSON text can have after white space (numbers, literals, objects, arrays, strings). */
const JSON_START = new Set([...'{["-0123456789tfn'].map((c) => c.charCodeAt(0)))

/** Index of the first character that is not JSON white space (RFC 8259 §2), or the length. */
function firstNonSpace(text: string): number {
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break
    i++
  }
  return i
}

/** Text that reads as text: no control characters besides white space. */
export function isPrintable(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)
}
