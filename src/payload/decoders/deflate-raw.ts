import { inflateMessage, inflatesWhole } from '../decompressed.ts'
import type { PayloadDecoder } from '../types.ts'

/** RFC 1951 DEFLATE with no wrapper. It has no signature, so it is only guessed when it inflates exactly. */
export const deflateRaw: PayloadDecoder = {
  id: 'deflate-raw',
  starts: (b, isText) => !isText && b >= 0 && ((b >> 1) & 3) !== 3,
  sniff: (input) => {
    const b = input.bytes
    // BTYPE 3 is reserved (RFC 1951 §3.2.3): most non-deflate bytes stop here, before inflating.
    if (input.isText || b.length < 2 || ((b[0] >> 1) & 3) === 3) return 0
    return inflatesWhole('raw', input) === 1 ? 0.2 : 0
  },
  decode: (input, ctx) => inflateMessage('raw', 'deflate-raw', input, ctx),
}
