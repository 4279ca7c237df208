import { inflateMessage, inflatesWhole } from '../decompressed.ts'
import type { PayloadDecoder } from '../types.ts'

/** RFC 1951 DEFLATE with no wrapper. It has no signature, so it is only guessed when it inflates exactly. */
export const deflateRaw: PayloadDecoder = {
  id: 'deflate-raw',
  sniff: (input) => (!input.isText && input.bytes.length >= 2 && inflatesWhole('raw', input) === 1 ? 0.2 : 0),
  decode: (input, ctx) => inflateMessage('raw', 'deflate-raw', input, ctx),
}
