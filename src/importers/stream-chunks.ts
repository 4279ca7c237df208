import { concatBytes } from '../protocol/index.ts'

/** One run of captured bytes: a view into the capture, where it sits in the stream, when it arrived. */
export interface StreamChunk {
  readonly bytes: Uint8Array
  /** Stream offset of `bytes[0]`. */
  readonly offset: number
  /** Capture time of the packet that delivered it. */
  readonly time: number
}

/**
 * The bytes of one direction of a TCP connection, in stream order, as the views into the
 * capture they arrived in (no copies), each with the time of the packet that delivered it.
 * Frames are carved out of it, the WebSocket decoder is fed from it, and retransmitted bytes
 * are compared against it.
 */
export class StreamChunks {
  readonly chunks: StreamChunk[] = []
  /** Stream offset just past the last byte (bytes lost in a gap count too). */
  end = 0
  /** Index of the chunk the last read started in: reads move forward, so the search starts there. */
  private hint = 0

  append(bytes: Uint8Array, time: number): void {
    this.chunks.push({ bytes, offset: this.end, time })
    this.end += bytes.length
  }

  /** Bytes that were never captured: later offsets stay true to the sender's stream. */
  skip(length: number): void {
    this.end += length
  }

  /**
   * The bytes [start, end) of the stream, cut to what is present: a view when they lie in one
   * chunk (the common case), else a copy.
   */
  read(start: number, end: number): Uint8Array {
    let i = this.indexOf(start)
    const first = this.chunks[i]
    if (!first) return new Uint8Array(0)
    if (end - first.offset <= first.bytes.length) return first.bytes.subarray(start - first.offset, end - first.offset)
    const pieces: Uint8Array[] = []
    let length = 0
    // Stop at a gap (bytes never captured): the result is what is present from `start` on.
    for (let p = start; p < end; i++) {
      const chunk = this.chunks[i]
      if (!chunk || chunk.offset > p) break
      const piece = chunk.bytes.subarray(p - chunk.offset, Math.min(chunk.bytes.length, end - chunk.offset))
      pieces.push(piece)
      length += piece.length
      p += piece.length
    }
    return concatBytes(pieces.length ? pieces : [new Uint8Array(0)], length)
  }

  /** `offset`, or the start of the bytes captured next when it lies in a gap. */
  firstPresent(offset: number): number {
    if (offset >= this.end || this.indexOf(offset) >= 0) return offset
    return this.chunks.find((chunk) => chunk.offset > offset)?.offset ?? offset
  }

  /** Capture time of the packet that delivered the byte at `offset` (NaN when it was never captured). */
  timeAt(offset: number): number {
    return this.chunks[this.indexOf(offset)]?.time ?? NaN
  }

  /**
   * Compares `bytes[from..to)`, claimed to sit at stream offset `start`, with what the stream
   * holds there. Returns how many of them differ (bytes the stream lacks do not count).
   */
  countDifferences(start: number, bytes: Uint8Array, from: number, to: number): number {
    let differences = 0
    const stop = start + (to - from)
    let p = start
    for (let i = this.indexOf(start); p < stop; i++) {
      const chunk = this.chunks[i]
      if (!chunk || chunk.offset > p) break
      const last = Math.min(chunk.offset + chunk.bytes.length, stop)
      for (; p < last; p++) if (chunk.bytes[p - chunk.offset] !== bytes[from + p - start]) differences++
    }
    return differences
  }

  /** Index of the chunk holding stream offset `offset`, or -1. */
  private indexOf(offset: number): number {
    const h = this.hint
    if (holds(this.chunks[h], offset)) return h
    if (holds(this.chunks[h + 1], offset)) return (this.hint = h + 1)
    let lo = 0
    let hi = this.chunks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const chunk = this.chunks[mid]
      if (!chunk) break
      if (chunk.offset + chunk.bytes.length <= offset) lo = mid + 1
      else if (chunk.offset > offset) hi = mid - 1
      else return (this.hint = mid)
    }
    return -1
  }
}

function holds(chunk: StreamChunk | undefined, offset: number): boolean {
  return chunk !== undefined && chunk.offset <= offset && offset < chunk.offset + chunk.bytes.length
}
