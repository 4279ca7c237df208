import { decodeFrameHeader, frameJson, type FrameJson } from '../protocol/index.ts'
import { FRAME_PAYLOAD_KEPT, FRAMES_KEPT, FRAMES_KEPT_BYTES, FRAMES_KEPT_TOTAL_BYTES, type Sender } from '../shared/capture-api.ts'
import { headerPayloadLength, type FeedFrame } from '../shared/capture-batch.ts'

/** Bytes a kept frame costs beyond its header and payload (the object and its arrays). */
const FRAME_OVERHEAD = 96

export interface FrameKeepBounds {
  /** Frames per capture (both senders). */
  frames: number
  /** Bytes per capture. */
  bytes: number
  /** Bytes of every capture together. */
  totalBytes: number
  /** Payload bytes kept of each frame. */
  payload: number
}

export const DEFAULT_FRAME_BOUNDS: FrameKeepBounds = {
  frames: FRAMES_KEPT,
  bytes: FRAMES_KEPT_BYTES,
  totalBytes: FRAMES_KEPT_TOTAL_BYTES,
  payload: FRAME_PAYLOAD_KEPT,
}

/** One sender's kept frames, oldest first, by increasing frame index. */
class SenderFrames {
  private readonly items: FeedFrame[] = []
  private head = 0
  /** The index the next frame will have: frames below `keptFrom` were seen but given up. */
  next = 0
  keptFrom = 0

  get size(): number {
    return this.items.length - this.head
  }

  oldest(): FeedFrame | undefined {
    return this.items[this.head]
  }

  push(frame: FeedFrame & { index: number }): void {
    if (this.size === 0) this.keptFrom = frame.index
    this.items.push(frame)
    this.next = frame.index + 1
  }

  shift(): FeedFrame {
    const frame = this.items[this.head++]!
    // Compacted now and then, so giving up the oldest costs O(1) on average.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head)
      this.head = 0
    }
    this.keptFrom = this.size ? this.items[this.head]!.index! : this.next
    return frame
  }

  /** Position of the first kept frame whose `key` is at least `value` (keys increase). */
  private lowerBound(value: number, key: (f: FeedFrame) => number): number {
    let lo = this.head
    let hi = this.items.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (key(this.items[mid]!) < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  range(from: number, to: number): FeedFrame[] {
    const out: FeedFrame[] = []
    for (let i = this.lowerBound(from, (f) => f.index!); i < this.items.length && this.items[i]!.index! < to; i++) out.push(this.items[i]!)
    return out
  }

  /** The kept frame whose bytes (header and full payload) hold stream byte `offset`. */
  at(offset: number): FeedFrame | null {
    const i = this.lowerBound(offset + 1, (f) => f.offset) - 1
    const frame = i >= this.head ? this.items[i] : undefined
    return frame && offset < frame.offset + frame.header.length + headerPayloadLength(frame.header) ? frame : null
  }
}

interface CaptureFrames {
  senders: Record<Sender, SenderFrames>
  bytes: number
}

/** What a `frames` request gets: the kept frames of the range, and from which index the sender's frames are kept. */
export interface FramesLookup {
  from: number
  to: number
  keptFrom: number
  frames: FeedFrame[]
  notKept: string | null
}

/**
 * Each capture's latest frames (header and first payload bytes) by sender and frame index, for
 * subscribers that take no frames in the stream and ask for the few they show. Bounded per
 * capture in frames and bytes, and in bytes over every capture (past that, the capture that
 * holds the most gives up its oldest): a busy capture never costs unbounded memory.
 */
export class FrameKeep {
  private readonly captures = new Map<string, CaptureFrames>()
  private totalBytes = 0

  constructor(private readonly bounds: FrameKeepBounds = DEFAULT_FRAME_BOUNDS) {}

  /** Bytes kept over every capture. */
  get bytes(): number {
    return this.totalBytes
  }

  /** Keeps a copy of a relayed or dropped frame (injected ones have no index and are not kept). */
  add(frame: FeedFrame): void {
    if (frame.index === null) return
    let capture = this.captures.get(frame.captureId)
    if (!capture) this.captures.set(frame.captureId, (capture = { senders: { client: new SenderFrames(), server: new SenderFrames() }, bytes: 0 }))
    const payload = frame.payload.slice(0, this.bounds.payload)
    const kept = { ...frame, index: frame.index, header: frame.header.slice(), payload }
    capture.senders[frame.sender].push(kept)
    const bytes = keptBytes(kept)
    capture.bytes += bytes
    this.totalBytes += bytes
    while (capture.senders.client.size + capture.senders.server.size > this.bounds.frames || capture.bytes > this.bounds.bytes) this.giveUp(capture)
    while (this.totalBytes > this.bounds.totalBytes) this.giveUp(this.largest())
  }

  /** The kept frames `from` to `to` (exclusive) of a sender. */
  range(captureId: string, sender: Sender, from: number, to: number): FramesLookup {
    const frames = this.captures.get(captureId)?.senders[sender]
    // None of its frames is kept, nor will be.
    if (!frames)
      return {
        from,
        to,
        keptFrom: Number.MAX_SAFE_INTEGER,
        frames: [],
        notKept: `no frames of capture ${captureId} are kept here (it never started, or it ended long ago)`,
      }
    const found = frames.range(from, to)
    return { from, to, keptFrom: frames.keptFrom, frames: found, notKept: this.missing(frames, from, Math.min(to, frames.next)) }
  }

  /** The kept frame of a sender that holds byte `offset` of its stream, as a range of one frame (empty when not kept). */
  at(captureId: string, sender: Sender, offset: number): FramesLookup {
    const frames = this.captures.get(captureId)?.senders[sender]
    const frame = frames?.at(offset)
    if (frame) return { from: frame.index!, to: frame.index! + 1, keptFrom: frames!.keptFrom, frames: [frame], notKept: null }
    const keptFrom = frames?.keptFrom ?? 0
    const where = frames?.size ? `the ${sender}'s kept frames start at byte ${frames.oldest()!.offset}` : `no frame of the ${sender} is kept`
    return { from: keptFrom, to: keptFrom, keptFrom, frames: [], notKept: `no kept frame holds byte ${offset} of the ${sender}'s stream (${where})` }
  }

  forget(captureId: string): void {
    const capture = this.captures.get(captureId)
    if (!capture) return
    this.totalBytes -= capture.bytes
    this.captures.delete(captureId)
  }

  private missing(frames: SenderFrames, from: number, to: number): string | null {
    if (from >= frames.keptFrom || from >= to) return null
    const count = Math.min(to, frames.keptFrom) - from
    const { frames: n, bytes } = this.bounds
    return `${count === 1 ? `frame ${from} is` : `frames ${from} to ${from + count - 1} are`} no longer kept (the server keeps the last ${n} frames and ${Math.round(bytes / 1024)} KiB of each capture)`
  }

  /** Gives up a capture's oldest frame (of either sender). */
  private giveUp(capture: CaptureFrames): void {
    const { client, server } = capture.senders
    const c = client.oldest()
    const s = server.oldest()
    const frames = !s || (c && c.t <= s.t) ? client : server
    const bytes = keptBytes(frames.shift())
    capture.bytes -= bytes
    this.totalBytes -= bytes
  }

  private largest(): CaptureFrames {
    let largest: CaptureFrames | null = null
    for (const capture of this.captures.values()) if (!largest || capture.bytes > largest.bytes) largest = capture
    return largest!
  }
}

function keptBytes(frame: FeedFrame): number {
  return frame.header.length + frame.payload.length + FRAME_OVERHEAD
}

/** A complete frame header's fields as the captures API's JSON shows them. */
export function frameJsonOf(header: Uint8Array, offset: number): FrameJson {
  const decoded = decodeFrameHeader(header)
  if (!decoded.ok) throw new Error('a kept frame header is always complete')
  return frameJson({ ...decoded.header, offset, headerLength: decoded.headerLength, truncated: false })
}
