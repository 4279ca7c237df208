/**
 * One direction of a TCP connection put back in order (RFC 9293 §3.4, §3.10.7.4): sequence
 * numbers become stream offsets (modulo-2^32 arithmetic, so wraparound is transparent),
 * in-order segments are appended straight away, segments ahead of a hole wait sorted, and
 * bytes seen before win over bytes seen again (a retransmission or an overlap). When bytes are
 * missing for good (not captured), the hole is reported as a gap with its size.
 */
import { StreamChunks } from './stream-chunks.ts'

/** What the stream tells its reader. */
export interface StreamListener {
  /** New in-order bytes, just appended to `chunks`. */
  data(chunk: Uint8Array, time: number): void
  /** `size` bytes at stream offset `offset` were never captured; later data, captured at `time`, follows them. */
  gap(offset: number, size: number, time: number): void
}

interface Pending {
  offset: number
  bytes: Uint8Array
  time: number
}

/**
 * Out-of-order bytes held while waiting for a hole to fill. Past this, the missing segment is
 * taken as lost (a capture drop): real reordering spans a few windows, not megabytes.
 */
const MAX_PENDING_BYTES = 8 * 1024 * 1024

export interface ReassemblyStats {
  /** Segments wholly or partly carrying bytes already seen. */
  retransmittedSegments: number
  /** Bytes of such segments that differed from the bytes first seen (the first were kept). */
  conflictingBytes: number
  /** Stream offset of the first conflicting byte, or -1. */
  firstConflict: number
  /** Bytes before the first captured segment when the capture has no SYN (ignored). */
  bytesBeforeStart: number
  /** True when the stream's start is known from a SYN. */
  sawSyn: boolean
}

export class TcpStream {
  readonly chunks = new StreamChunks()
  readonly stats: ReassemblyStats = { retransmittedSegments: 0, conflictingBytes: 0, firstConflict: -1, bytesBeforeStart: 0, sawSyn: false }
  /** Sequence number of stream offset 0, once known. */
  private base = -1
  private readonly pending: Pending[] = []
  private pendingBytes = 0

  constructor(private readonly listener: StreamListener) {}

  /** Stream offset of the next in-order byte. */
  get delivered(): number {
    return this.chunks.end
  }

  get started(): boolean {
    return this.base >= 0
  }

  /** A SYN: the stream's first byte has the next sequence number. */
  syn(seq: number): void {
    if (this.base >= 0) return
    this.base = (seq + 1) >>> 0
    this.stats.sawSyn = true
  }

  /** True when `seq` is this stream's SYN again (a retransmitted SYN, not a new connection). */
  isSameSyn(seq: number): boolean {
    return this.stats.sawSyn && (seq + 1) >>> 0 === this.base
  }

  segment(seq: number, bytes: Uint8Array, start: number, end: number, time: number): void {
    if (end <= start) return
    // No SYN captured: the first segment seen starts the stream.
    if (this.base < 0) this.base = seq
    const delivered = this.delivered
    let offset = delivered + ((seq - this.base - delivered) | 0)
    if (offset < 0) {
      // Bytes from before the capture began (only possible without a SYN).
      this.stats.bytesBeforeStart += Math.min(end - start, -offset)
      start -= offset
      offset = 0
      if (end <= start) return
    }
    if (offset < delivered) {
      this.stats.retransmittedSegments++
      const overlap = Math.min(end, start + delivered - offset)
      this.compare(offset, bytes, start, overlap)
      start = overlap
      offset = delivered
      if (start === end) return
    }
    if (offset === delivered) {
      this.deliver(bytes.subarray(start, end), time)
      this.drain()
    } else {
      this.hold(offset, bytes.subarray(start, end), time)
      const first = this.pending[0]
      if (first && this.pendingBytes > MAX_PENDING_BYTES) this.skipGap(first)
    }
  }

  /** The end of the capture: whatever still waits behind a hole comes after a gap. */
  finish(): void {
    for (let first = this.pending[0]; first; first = this.pending[0]) this.skipGap(first)
  }

  private deliver(chunk: Uint8Array, time: number): void {
    this.chunks.append(chunk, time)
    this.listener.data(chunk, time)
  }

  /** Delivers held segments that the stream has now reached. */
  private drain(): void {
    const pending = this.pending
    for (let next = pending[0]; next && next.offset <= this.delivered; next = pending[0]) {
      pending.shift()
      this.pendingBytes -= next.bytes.length
      const skip = this.delivered - next.offset
      if (skip > 0) this.compare(next.offset, next.bytes, 0, Math.min(skip, next.bytes.length))
      if (skip < next.bytes.length) this.deliver(next.bytes.subarray(skip), next.time)
    }
  }

  /** Declares the hole before the first held segment (`first`) lost, then goes on from that segment. */
  private skipGap(first: Pending): void {
    const size = first.offset - this.delivered
    if (size > 0) {
      const offset = this.delivered
      this.chunks.skip(size)
      this.listener.gap(offset, size, first.time)
    }
    this.drain()
  }

  /**
   * Holds a segment that is ahead of the stream. Parts of it that earlier held segments
   * already cover are compared and dropped, so the first-seen bytes win there too.
   */
  private hold(offset: number, bytes: Uint8Array, time: number): void {
    const pending = this.pending
    const i = pending.findLastIndex((held) => held.offset <= offset) + 1
    let start = 0
    const end = bytes.length
    // The segment before may cover our start.
    const before = pending[i - 1]
    if (before) {
      const covered = before.offset + before.bytes.length - offset
      if (covered > 0) {
        this.stats.retransmittedSegments++
        this.countConflicts(offset, bytes, 0, Math.min(covered, end), before)
        start = Math.min(covered, end)
      }
    }
    // Segments after it may cover parts of the rest: keep only the uncovered pieces.
    let j = i
    while (start < end) {
      const after = pending[j]
      const pieceEnd = after ? Math.min(end, after.offset - offset) : end
      if (pieceEnd > start) {
        pending.splice(j, 0, { offset: offset + start, bytes: bytes.subarray(start, pieceEnd), time })
        this.pendingBytes += pieceEnd - start
        j++
        start = pieceEnd
      }
      if (!after || start >= end) break
      const coveredEnd = Math.min(end, after.offset + after.bytes.length - offset)
      this.stats.retransmittedSegments++
      this.countConflicts(offset, bytes, start, coveredEnd, after)
      start = coveredEnd
      j++
    }
  }

  /** Compares bytes[from..to) (at stream offset offset + from) with a held segment. */
  private countConflicts(offset: number, bytes: Uint8Array, from: number, to: number, held: Pending): void {
    let differences = 0
    let first = -1
    for (let k = from; k < to; k++) {
      if (bytes[k] !== held.bytes[offset + k - held.offset]) {
        if (first < 0) first = offset + k
        differences++
      }
    }
    this.recordConflicts(differences, first)
  }

  private compare(offset: number, bytes: Uint8Array, from: number, to: number): void {
    const differences = this.chunks.countDifferences(offset, bytes, from, to)
    this.recordConflicts(differences, differences ? offset : -1)
  }

  private recordConflicts(differences: number, at: number): void {
    if (!differences) return
    this.stats.conflictingBytes += differences
    if (this.stats.firstConflict < 0) this.stats.firstConflict = at
  }
}
