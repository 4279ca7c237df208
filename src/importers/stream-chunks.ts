import { concatBytes } from '../protocol/index.ts'

/**
 * The bytes of one direction of a TCP connection, in stream order, as the views into the
 * capture they arrived in (no copies), each with the time of the packet that delivered it.
 * Frames are carved out of it, the WebSocket decoder is fed from it, and retransmitted bytes
 * are compared against it.
 */
export class StreamChunks {
  readonly chunks: Uint8Array[] = []
  readonly offsets: number[] = []
  readonly times: number[] = []
  /** Stream offset just past the last byte (bytes lost in a gap count too). */
  end = 0
  /** Index of the chunk the last read started in: reads move forward, so the search starts there. */
  private hint = 0

  append(chunk: Uint8Array, time: number): void {
    this.chunks.push(chunk)
    this.offsets.push(this.end)
    this.times.push(time)
    this.end += chunk.length
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
    if (i < 0) return new Uint8Array(0)
    const first = this.chunks[i]
    const from = start - this.offsets[i]
    if (end - this.offsets[i] <= first.length) return first.subarray(from, end - this.offsets[i])
    const pieces: Uint8Array[] = []
    let length = 0
    // Stop at a gap (bytes never captured): the result is what is present from `start` on.
    for (let p = start; i < this.chunks.length && p < end && this.offsets[i] <= p; i++) {
      const chunk = this.chunks[i]
      const piece = chunk.subarray(p - this.offsets[i], Math.min(chunk.length, end - this.offsets[i]))
      pieces.push(piece)
      length += piece.length
      p += piece.length
    }
    return concatBytes(pieces.length ? pieces : [new Uint8Array(0)], length)
  }

  /** `offset`, or the start of the bytes captured next when it lies in a gap. */
  firstPresent(offset: number): number {
    if (offset >= this.end || this.indexOf(offset) >= 0) return offset
    const next = this.offsets.findIndex((start) => start > offset)
    return next < 0 ? offset : this.offsets[next]
  }

  /** Capture time of the packet that delivered the byte at `offset` (NaN when it was never captured). */
  timeAt(offset: number): number {
    const i = this.indexOf(offset)
    return i < 0 ? NaN : this.times[i]
  }

  /**
   * Compares `bytes[from..to)`, claimed to sit at stream offset `start`, with what the stream
   * holds there. Returns how many of them differ (bytes the stream lacks do not count).
   */
  countDifferences(start: number, bytes: Uint8Array, from: number, to: number): number {
    let differences = 0
    let i = this.indexOf(start)
    if (i < 0) return 0
    for (let p = start; p < start + (to - from) && i < this.chunks.length; i++) {
      const chunk = this.chunks[i]
      const base = this.offsets[i]
      if (base > p) break
      const stop = Math.min(base + chunk.length, start + (to - from))
      for (; p < stop; p++) if (chunk[p - base] !== bytes[from + p - start]) differences++
    }
    return differences
  }

  /** Index of the chunk holding stream offset `offset`, or -1. */
  private indexOf(offset: number): number {
    const { offsets, chunks } = this
    const h = this.hint
    if (h < chunks.length && offsets[h] <= offset && offset < offsets[h] + chunks[h].length) return h
    if (h + 1 < chunks.length && offsets[h + 1] <= offset && offset < offsets[h + 1] + chunks[h + 1].length) return (this.hint = h + 1)
    let lo = 0
    let hi = chunks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (offsets[mid] + chunks[mid].length <= offset) lo = mid + 1
      else if (offsets[mid] > offset) hi = mid - 1
      else return (this.hint = mid)
    }
    return -1
  }
}
