import { decodeMsgpack, type Parsed } from '../msgpack-value.ts'
import { brief, unreadable } from '../summary.ts'
import type { PayloadDecoder } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'

/** A whole message as one MessagePack value, worked out once per message. */
export function parseMsgpack(input: PayloadInput): Parsed {
  return input.memo('msgpack', () => decodeMsgpack(input.bytes))
}

export const msgpack: PayloadDecoder = {
  id: 'msgpack',
  starts: (b, isText) => !isText && b >= 0,
  innermost: true,
  sniff: (input) => {
    if (input.isText || input.bytes.length === 0) return 0
    const r = parseMsgpack(input)
    return r.ok ? (typeof r.value === 'object' && r.value !== null ? 0.45 : 0.1) : 0
  },
  decode: (input) => {
    const r = parseMsgpack(input)
    return r.ok ? { value: r.value, kind: 'data', summary: brief(r.value, 100) } : unreadable(input.asValue(), 'msgpack', [r.error])
  },
}
