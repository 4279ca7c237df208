/**
 * Streaming UTF-8 validation (RFC 3629 well-formed sequences, as RFC 6455 §8.1 requires).
 * A fragmented text message must fail as soon as its bytes cannot be UTF-8, even if the
 * rest has not arrived, so the validator keeps its state between pieces.
 */
/** Shorter ASCII runs are checked byte by byte (a word view is not worth making for them). */
const WORD_RUN = 16

export class Utf8Validator {
  /** Continuation bytes still expected for the current character. */
  private pending = 0
  /** Allowed range of the next continuation byte (narrower after E0, ED, F0, F4). */
  private low = 0x80
  private high = 0xbf
  /** A word view of the last buffer validated, and that buffer. */
  private words: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  private wordsOf: ArrayBufferLike | null = null

  /** Validates `bytes[start..end)`; returns the index of the first invalid byte, or -1. */
  push(bytes: Uint8Array, start = 0, end = bytes.length): number {
    let i = start
    let pending = this.pending
    let low = this.low
    let high = this.high
    while (i < end) {
      const b = bytes[i]!
      if (pending === 0) {
        if (b < 0x80) {
          i = this.asciiRunEnd(bytes, i + 1, end)
          continue
        }
        if (b >= 0xc2 && b <= 0xdf) pending = 1
        else if (b === 0xe0) {
          pending = 2
          low = 0xa0
        } else if (b === 0xed) {
          pending = 2
          high = 0x9f // no UTF-16 surrogates
        } else if (b >= 0xe1 && b <= 0xef) pending = 2
        else if (b === 0xf0) {
          pending = 3
          low = 0x90
        } else if (b >= 0xf1 && b <= 0xf3) pending = 3
        else if (b === 0xf4) {
          pending = 3
          high = 0x8f // nothing above U+10FFFF
        } else return this.fail(i)
      } else {
        if (b < low || b > high) return this.fail(i)
        pending--
        low = 0x80
        high = 0xbf
      }
      i++
    }
    this.pending = pending
    this.low = low
    this.high = high
    return -1
  }

  /**
   * Where the ASCII run from `i` ends: the common case for JSON payloads, checked four bytes at
   * a time through a word view of the whole buffer (made once per buffer, not per message).
   */
  private asciiRunEnd(bytes: Uint8Array, i: number, end: number): number {
    let at = bytes.byteOffset + i
    while (i < end && (at & 3) !== 0) {
      if (bytes[i]! >= 0x80) return i
      i++
      at++
    }
    if (end - i >= WORD_RUN) {
      if (this.wordsOf !== bytes.buffer) {
        this.wordsOf = bytes.buffer
        this.words = new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2)
      }
      const words = this.words
      let w = at >>> 2
      const wordsEnd = Math.floor((bytes.byteOffset + end) / 4)
      while (w < wordsEnd && (words[w]! & 0x80808080) === 0) w++
      i = w * 4 - bytes.byteOffset
    }
    while (i < end && bytes[i]! < 0x80) i++
    return i
  }

  /** True when the bytes so far end on a character boundary. */
  get complete(): boolean {
    return this.pending === 0
  }

  reset(): void {
    this.pending = 0
    this.low = 0x80
    this.high = 0xbf
  }

  private fail(index: number): number {
    this.reset()
    return index
  }
}

const shared = new Utf8Validator()

/** Whether `bytes` is complete, well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  shared.reset()
  const ok = shared.push(bytes) === -1 && shared.complete
  shared.reset()
  return ok
}
