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
  private readonly memos = new Map<string, unknown>()

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
      const first = text === null ? '' : text.trimStart()[0]
      // Only a plausible start is parsed: most binary and plain-text messages are ruled out cheaply.
      if (text === null || first === undefined || !'{["-0123456789tfn'.includes(first)) this.jsonMemo = undefined
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
    if (!this.memos.has(key)) this.memos.set(key, compute())
    return this.memos.get(key) as T
  }

  /** The content as a JSON value: its text, or `{"$binary": hex}`. */
  asValue(): JsonValue {
    const text = this.text
    return text !== null && (this.isText || isPrintable(text)) ? text : toJsonValue(this.bytes)
  }
}

/** Text that reads as text: no control characters besides white space. */
export function isPrintable(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)
}
