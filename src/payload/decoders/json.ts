import { brief, unreadable } from '../summary.ts'
import type { JsonValue, PayloadDecoder } from '../types.ts'
import { mayBeJson } from '../first-byte.ts'

/** Where JSON.parse gave up, from its message (V8 and SpiderMonkey both name a position). */
export function jsonErrorOffset(text: string): { message: string; offset: number } {
  try {
    JSON.parse(text)
    return { message: 'not JSON', offset: 0 }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const at = /position (\d+)/.exec(message) ?? /column (\d+)/.exec(message)
    return { message, offset: at ? Number(at[1]) : 0 }
  }
}

/** RFC 8259 JSON. Plain scalars are a weak guess: "2" is more likely something else's. */
export const json: PayloadDecoder = {
  id: 'json',
  starts: (b) => mayBeJson(b),
  innermost: true,
  sniff: (input) => {
    const v = input.json
    if (v === undefined) return 0
    const structured = typeof v === 'object' && v !== null
    return (structured ? 0.5 : 0.12) - (input.isText ? 0 : 0.05)
  },
  decode: (input) => {
    const v = input.json
    if (v === undefined) {
      const text = input.text
      return unreadable(input.asValue(), 'json', [text === null ? { message: 'not UTF-8 text', offset: 0 } : jsonErrorOffset(text)])
    }
    return { value: v as JsonValue, kind: 'data', summary: brief(v, 100) }
  },
}
