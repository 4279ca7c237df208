import { inflateMessage, inflatesWhole } from '../decompressed.ts'
import type { PayloadDecoder } from '../types.ts'

/** RFC 1952 gzip of one message. */
export const gzip: PayloadDecoder = {
  id: 'gzip',
  starts: (b) => b === 0x1f,
  sniff: (input) => {
    const b = input.bytes
    if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return 0
    return Math.max(0.6, 0.95 * inflatesWhole('gzip', input))
  },
  decode: (input, ctx) => inflateMessage('gzip', 'gzip', input, ctx),
}
