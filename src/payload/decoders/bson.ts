import { deserialize } from 'bson'
import { toJsonValue } from '../json-value.ts'
import { brief, unreadable } from '../summary.ts'
import type { PayloadDecoder } from '../types.ts'

/** A BSON document starts with its own length (int32 LE) and ends with a 0 byte. */
function framed(b: Uint8Array): boolean {
  return b.length >= 5 && (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) === b.length && b[b.length - 1] === 0
}

/** One BSON document per message (the bson library). */
export const bson: PayloadDecoder = {
  id: 'bson',
  starts: (b, isText) => !isText && b >= 0,
  innermost: true,
  sniff: (input) => (!input.isText && framed(input.bytes) ? 0.9 : 0),
  decode: (input) => {
    try {
      const value = toJsonValue(deserialize(input.bytes, { useBigInt64: true, promoteBuffers: false, validation: { utf8: false } }))
      return { value, kind: 'data', summary: brief(value, 100) }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      return unreadable(input.asValue(), 'bson', [{ message, offset: framed(input.bytes) ? 4 : 0 }])
    }
  },
}
