import { clip, unreadable } from '../summary.ts'
import { invalidUtf8Offset } from '../utf8-offset.ts'
import type { PayloadDecoder } from '../types.ts'

/** UTF-8 text. Never guessed (a plain text message has no decoder); chosen by name. */
export const text: PayloadDecoder = {
  id: 'text',
  starts: () => false,
  innermost: true,
  sniff: () => 0,
  decode: (input) => {
    const t = input.text
    if (t === null) return unreadable(input.asValue(), 'text', [{ message: 'invalid UTF-8', offset: Math.max(0, invalidUtf8Offset(input.bytes)) }])
    return { value: t, kind: 'data', summary: clip(t) }
  },
}
