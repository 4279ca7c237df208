import { inflateMessage, inflatesWhole } from '../decompressed.ts'
import { hasZlibHeader } from '../zlib-header.ts'
import type { PayloadDecoder } from '../types.ts'

/** RFC 1950 zlib of one message. */
export const zlib: PayloadDecoder = {
  id: 'zlib',
  // RFC 1950 §2.2: CM = 8, CINFO ≤ 7.
  starts: (b) => b >= 0 && (b & 0x0f) === 8 && b >> 4 <= 7,
  sniff: (input) => (hasZlibHeader(input.bytes) ? 0.85 * inflatesWhole('zlib', input) : 0),
  decode: (input, ctx) => inflateMessage('zlib', 'zlib', input, ctx),
}
