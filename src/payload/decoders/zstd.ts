import { Decompress } from 'fzstd'
import { concatBytes } from '../../protocol/index.ts'
import { decompressedLayer, maxInflate } from '../decompressed.ts'
import { unreadable } from '../summary.ts'
import type { PayloadDecoder, PayloadError } from '../types.ts'

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd]

class TooBig extends Error {}

/** RFC 8878 Zstandard of one message (fzstd). */
export const zstd: PayloadDecoder = {
  id: 'zstd',
  starts: (b) => b === MAGIC[0],
  sniff: (input) => (input.bytes.length >= 6 && MAGIC.every((m, i) => input.bytes[i] === m) ? 0.95 : 0),
  decode: (input, ctx) => {
    const budget = maxInflate(ctx)
    const chunks: Uint8Array[] = []
    let produced = 0
    let ended = false
    const errors: PayloadError[] = []
    const stream = new Decompress((chunk, final) => {
      produced += chunk.length
      if (produced > budget) throw new TooBig(`decompressed data exceeds ${budget} bytes`)
      chunks.push(chunk.slice())
      if (final) ended = true
    })
    try {
      stream.push(input.bytes, true)
      if (!ended) errors.push({ message: 'the zstd frame is cut short', offset: input.bytes.length })
    } catch (e) {
      errors.push({ message: e instanceof Error ? e.message : String(e), offset: 0 })
      if (!(e instanceof TooBig) && produced === 0) return unreadable(input.asValue(), 'zstd', errors)
    }
    return decompressedLayer('zstd', input.bytes.length, concatBytes(chunks, Math.min(produced, budget)), errors)
  },
}
