import { ZStream, zlibInflate, zlibInflateInit2, Z_BUF_ERROR, Z_OK, Z_STREAM_END, Z_SYNC_FLUSH } from 'pako'
import { concatBytes } from '../protocol/index.ts'

/** Default cap on one decompression layer's output: a few bytes can inflate to gigabytes. */
export const DEFAULT_MAX_INFLATE = 16 * 1024 * 1024
const CHUNK = 64 * 1024
/** Decoding is synchronous and output is copied out of it, so every stream shares one buffer. */
const scratch = new Uint8Array(CHUNK)

export type InflateFormat = 'raw' | 'zlib' | 'gzip'
const WINDOW_BITS: Record<InflateFormat, number> = { raw: -15, zlib: 15, gzip: 31 }

export interface InflateOutcome {
  output: Uint8Array
  /** `end`: the compressed stream ended; `more`: all input used, the stream goes on. */
  status: 'end' | 'more' | 'too-big' | 'corrupt'
  error: string | null
  /** Input bytes read when it stopped (where a corrupt stream went wrong). */
  offset: number
}

/**
 * A DEFLATE decompressor whose output is capped. One instance per stream: a single message for
 * gzip/zlib/deflate-raw, or a direction's whole connection for zlib-stream.
 */
export class BoundedInflate {
  private readonly strm = new ZStream()
  ended = false

  constructor(format: InflateFormat) {
    const status = zlibInflateInit2(this.strm, WINDOW_BITS[format])
    if (status !== Z_OK) throw new Error(`inflateInit2 failed: ${status}`)
  }

  push(input: Uint8Array, budget = DEFAULT_MAX_INFLATE): InflateOutcome {
    const strm = this.strm
    strm.input = input
    strm.next_in = 0
    strm.avail_in = input.length
    const chunks: Uint8Array[] = []
    let produced = 0
    const outcome = (status: InflateOutcome['status'], error: string | null = null): InflateOutcome => ({
      output: concatBytes(chunks, produced),
      status,
      error,
      offset: strm.next_in,
    })
    if (this.ended) return outcome('corrupt', 'data after the end of the compressed stream')
    for (;;) {
      strm.output = scratch
      strm.next_out = 0
      strm.avail_out = Math.min(CHUNK, budget - produced + 1)
      const status = zlibInflate(strm, Z_SYNC_FLUSH)
      if (strm.next_out > 0) {
        chunks.push(scratch.slice(0, strm.next_out))
        produced += strm.next_out
        if (produced > budget) return outcome('too-big', `decompressed data exceeds ${budget} bytes`)
      }
      if (status === Z_STREAM_END) {
        this.ended = true
        return outcome('end', strm.avail_in > 0 ? `${strm.avail_in} bytes after the end of the compressed stream` : null)
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) return outcome('corrupt', strm.msg || `zlib status ${status}`)
      if (strm.avail_out > 0 && (strm.avail_in === 0 || status === Z_BUF_ERROR)) return outcome('more')
    }
  }
}
