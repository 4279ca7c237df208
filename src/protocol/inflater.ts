import { ZStream, zlibInflate, zlibInflateInit2, zlibInflateReset, Z_STREAM_END, Z_SYNC_FLUSH, Z_BUF_ERROR, Z_OK } from 'pako'
import type { SenderDeflateParams } from './permessage-deflate-params.ts'

/** RFC 7692 §7.2.2: the sender removed this empty stored block's tail; the receiver appends it. */
const TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff])
const OUTPUT_CHUNK = 64 * 1024

/** 'stopped': the output callback refused a chunk (it found a violation in the data). */
export type InflateStatus = 'ok' | 'too-big' | 'corrupt' | 'stopped'

/**
 * Inflates the compressed messages of ONE sender (one direction of a connection). With
 * context takeover the LZ77 window carries over from message to message, so a single
 * stream lives as long as the connection; without it the window is reset after each
 * message. Uses pako's zlib port directly so one output buffer is reused and output can be
 * capped exactly (a few bytes of input can inflate to gigabytes).
 */
export class MessageInflater {
  private readonly strm = new ZStream()
  private readonly buffer = new Uint8Array(OUTPUT_CHUNK)
  private readonly windowBits: number
  /** Set when a block with BFINAL=1 ended the deflate stream inside the current message. */
  private streamEnded = false
  /** zlib's message for the last failure. */
  errorMessage = ''

  constructor(readonly params: SenderDeflateParams) {
    // Raw deflate (negative window bits). zlib cannot inflate with an 8-bit window's header
    // rules, but a raw stream written with 8 bits is readable with 9 (RFC 7692 §7.1.2.1 note).
    this.windowBits = Math.max(9, params.maxWindowBits)
    const status = zlibInflateInit2(this.strm, -this.windowBits)
    if (status !== Z_OK) throw new Error(`inflateInit2 failed: ${status}`)
    this.limitDistance()
  }

  /**
   * zlib accepts a back-reference beyond the window when the bytes it reaches were written in
   * the same inflate call, so whether it is refused would depend on how the input was chunked.
   * Enforcing the window size on every distance (zlib's INFLATE_STRICT, which pako implements
   * as `dmax`) makes the verdict the same for any chunking (RFC 7692 §7.1.2).
   */
  private limitDistance(): void {
    ;(this.strm as unknown as { state: { dmax: number } }).state.dmax = 1 << this.windowBits
  }

  /**
   * Inflates one piece of a message's payload, passing copies of the output to `onOutput`.
   * `budget` is how many more output bytes the message may have (Infinity for no limit).
   */
  write(input: Uint8Array, budget: number, onOutput: (chunk: Uint8Array) => boolean): InflateStatus {
    if (this.streamEnded) return 'ok'
    const strm = this.strm
    strm.input = input
    strm.next_in = 0
    strm.avail_in = input.length
    let produced = 0
    for (;;) {
      strm.output = this.buffer
      strm.next_out = 0
      // One byte more than the budget is enough to know that the message is too big.
      strm.avail_out = Math.min(OUTPUT_CHUNK, budget - produced + 1)
      const status = zlibInflate(strm, Z_SYNC_FLUSH)
      const n = strm.next_out
      if (n > 0) {
        // The bytes within the budget are handed on before the verdict, so a violation in
        // them (invalid UTF-8) is found first however the input was chunked.
        const within = Math.min(n, budget - produced)
        produced += n
        if (within > 0 && !onOutput(this.buffer.slice(0, within))) return 'stopped'
        if (produced > budget) return 'too-big'
      }
      if (status === Z_STREAM_END) {
        this.streamEnded = true
        return 'ok'
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) {
        this.errorMessage = strm.msg || `zlib status ${status}`
        return 'corrupt'
      }
      if (strm.avail_out > 0 && (strm.avail_in === 0 || status === Z_BUF_ERROR)) return 'ok'
    }
  }

  /** Ends a message: feeds the §7.2.2 tail, then resets the window if there is no context takeover. */
  finishMessage(budget: number, onOutput: (chunk: Uint8Array) => boolean): InflateStatus {
    const status = this.write(TAIL, budget, onOutput)
    if (this.streamEnded || this.params.noContextTakeover) this.reset()
    return status
  }

  /** Forgets the message in progress and the window: the next message starts a new stream. */
  reset(): void {
    zlibInflateReset(this.strm)
    this.limitDistance()
    this.streamEnded = false
  }
}
