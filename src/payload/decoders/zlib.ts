import { inflateMessage, inflatesWhole } from '../decompressed.ts'
import { hasZlibHeader } from '../zlib-header.ts'
import type { PayloadDecoder } from '../types.ts'

/** RFC 1950 zlib of one message. */
export const zlib: PayloadDecoder = {
  id: 'zlib',
  sniff: (input) => (hasZlibHeader(input.bytes) ? 0.85 * inflatesWhole('zlib', input) : 0),
  decode: (input, ctx) => inflateMessage('zlib', 'zlib', input, ctx),
}
