import { decodeFrameHeader, frameJson, type FrameJson } from '../protocol/index.ts'
import { FRAME_PAYLOAD_KEPT, FRAMES_KEPT, FRAMES_KEPT_BYTES, FRAMES_KEPT_TOTAL_BYTES, type Sender } from '../shared/capture-api.ts'
import { FRAME_ACTIONS, headerPayloadLength, type FeedFrame } from '../shared/capture-batch.ts'

/** Bytes a kept frame costs beyond its header and payload (its row of numbers and its slab reference). */
const FRAME_OVERHEAD = 64
/** Kept bytes go into slabs, each twice its predecessor's size up to the largest, so a quiet capture holds little and a busy one allocates rarely. */
const FIRST_SLAB_BYTES = 4 * 1024
const LARGEST_SLAB_BYTES = 256 * 1024
/** Past the bound over every capture, this share of it is given up at once, so the largest capture is looked for once per many frames. */
const TOTAL_SLACK = 1 / 256

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

/** A kept frame's numbers, one row of a ring: index, time, stream offset, action, start in its slab, header length, kept payload length. */
const INDEX = 0
const TIME = 1
const OFFSET = 2
const ACTION = 3
const START = 4
const HEADER_LENGTH = 5
const PAYLOAD_LENGTH = 6
const ROW = 7

/**
 * One sender's kept frames, oldest first, by increasing frame index. Adding one allocates
 * nothing but, now and then, a slab: its numbers go into a ring of rows and its bytes are copied
 * into the current slab (a frame is only made again for a lookup, as views into its slab). A slab
 * is let go with the last kept frame in it.
 */
class SenderFrames {
  private rows = new Float64Array(64 * ROW)
  private slabOf: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(64)
  private head = 0
  private count = 0
  private slab = new Uint8Array(0)
  private slabUsed = 0
  /** The index the next frame will have: frames below `keptFrom` were seen but given up. */
  next = 0
  keptFrom = 0

  constructor(
    private readonly captureId: string,
    private readonly sender: Sender,
  ) {}

  get size(): number {
    return this.count
  }

  /** The stream offset of the oldest kept frame. */
  oldestOffset(): number {
    return this.field(0, OFFSET)
  }

  oldestTime(): number {
    return this.count ? this.field(0, TIME) : Infinity
  }

  /** Keeps the frame's header and the first `payloadKept` bytes of its payload; the bytes it costs. */
  push(frame: FeedFrame & { index: number }, payloadKept: number): number {
    if (this.count === 0) this.keptFrom = frame.index
    if (this.count === this.slabOf.length) this.resize(this.count * 2)
    const payloadLength = Math.min(frame.payload.length, payloadKept)
    const length = frame.header.length + payloadLength
    if (this.slabUsed + length > this.slab.length) {
      this.slab = new Uint8Array(Math.max(length, Math.min(LARGEST_SLAB_BYTES, Math.max(FIRST_SLAB_BYTES, this.slab.length * 2))))
      this.slabUsed = 0
    }
    const start = this.slabUsed
    this.slab.set(frame.header, start)
    this.slab.set(payloadLength === frame.payload.length ? frame.payload : frame.payload.subarray(0, payloadLength), start + frame.header.length)
    this.slabUsed += length
    const slot = (this.head + this.count) % this.slabOf.length
    const row = slot * ROW
    const rows = this.rows
    rows[row + INDEX] = frame.index
    rows[row + TIME] = frame.t
    rows[row + OFFSET] = frame.offset
    rows[row + ACTION] = FRAME_ACTIONS.indexOf(frame.action)
    rows[row + START] = start
    rows[row + HEADER_LENGTH] = frame.header.length
    rows[row + PAYLOAD_LENGTH] = payloadLength
    this.slabOf[slot] = this.slab
    this.count++
    this.next = frame.index + 1
    return length + FRAME_OVERHEAD
  }

  /** Gives up the oldest frame; the bytes it cost. */
  shift(): number {
    const row = this.head * ROW
    const bytes = this.rows[row + HEADER_LENGTH]! + this.rows[row + PAYLOAD_LENGTH]! + FRAME_OVERHEAD
    this.slabOf[this.head] = undefined
    this.head = (this.head + 1) % this.slabOf.length
    this.count--
    // A ring left mostly empty by a burst is halved, so a quiet sender holds little.
    if (this.slabOf.length > 64 && this.count * 4 < this.slabOf.length) this.resize(this.slabOf.length / 2)
    this.keptFrom = this.count ? this.field(0, INDEX) : this.next
    return bytes
  }

  range(from: number, to: number): FeedFrame[] {
    const out: FeedFrame[] = []
    for (let i = this.lowerBound(from, INDEX); i < this.count && this.field(i, INDEX) < to; i++) out.push(this.frame(i))
    return out
  }

  /** The kept frame whose bytes (header and full payload) hold stream byte `offset`. */
  at(offset: number): FeedFrame | null {
    const i = this.lowerBound(offset + 1, OFFSET) - 1
    if (i < 0) return null
    const frame = this.frame(i)
    return offset < frame.offset + frame.header.length + headerPayloadLength(frame.header) ? frame : null
  }

  /** Field `f` of the `i`th kept frame (0: the oldest). */
  private field(i: number, f: number): number {
    return this.rows[((this.head + i) % this.slabOf.length) * ROW + f]!
  }

  /** The `i`th kept frame, its header and payload views into its slab. */
  private frame(i: number): FeedFrame {
    const slot = (this.head + i) % this.slabOf.length
    const row = this.rows.subarray(slot * ROW, slot * ROW + ROW)
    const slab = this.slabOf[slot]!
    const headerEnd = row[START]! + row[HEADER_LENGTH]!
    return {
      type: 'frame',
      captureId: this.captureId,
      t: row[TIME]!,
      sender: this.sender,
      index: row[INDEX]!,
      action: FRAME_ACTIONS[row[ACTION]!]!,
      offset: row[OFFSET]!,
      header: slab.subarray(row[START]!, headerEnd),
      payload: slab.subarray(headerEnd, headerEnd + row[PAYLOAD_LENGTH]!),
    }
  }

  /** The first kept frame whose field `f` is at least `value` (the field increases with age). */
  private lowerBound(value: number, f: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.field(mid, f) < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Moves the ring into one of `capacity` rows, its oldest frame first. */
  private resize(capacity: number): void {
    const rows = new Float64Array(capacity * ROW)
    const slabOf = new Array<Uint8Array | undefined>(capacity)
    // The kept rows run from the head to the ring's end, then on from its start.
    const first = Math.min(this.count, this.slabOf.length - this.head)
    rows.set(this.rows.subarray(this.head * ROW, (this.head + first) * ROW))
    rows.set(this.rows.subarray(0, (this.count - first) * ROW), first * ROW)
    for (let i = 0; i < this.count; i++) slabOf[i] = this.slabOf[(this.head + i) % this.slabOf.length]
    this.rows = rows
    this.slabOf = slabOf
    this.head = 0
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
    if (!capture) {
      const senders = { client: new SenderFrames(frame.captureId, 'client'), server: new SenderFrames(frame.captureId, 'server') }
      this.captures.set(frame.captureId, (capture = { senders, bytes: 0 }))
    }
    const bytes = capture.senders[frame.sender].push(frame as FeedFrame & { index: number }, this.bounds.payload)
    capture.bytes += bytes
    this.totalBytes += bytes
    while (capture.senders.client.size + capture.senders.server.size > this.bounds.frames || capture.bytes > this.bounds.bytes) this.giveUp(capture)
    if (this.totalBytes <= this.bounds.totalBytes) return
    const largest = this.largest()
    const low = this.bounds.totalBytes * (1 - TOTAL_SLACK)
    while (this.totalBytes > low && largest.bytes > 0) this.giveUp(largest)
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
    const where = frames?.size ? `the ${sender}'s kept frames start at byte ${frames.oldestOffset()}` : `no frame of the ${sender} is kept`
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
    const bytes = (client.oldestTime() <= server.oldestTime() ? client : server).shift()
    capture.bytes -= bytes
    this.totalBytes -= bytes
  }

  private largest(): CaptureFrames {
    let largest: CaptureFrames | null = null
    for (const capture of this.captures.values()) if (!largest || capture.bytes > largest.bytes) largest = capture
    return largest!
  }
}

/** A complete frame header's fields as the captures API's JSON shows them. */
export function frameJsonOf(header: Uint8Array, offset: number): FrameJson {
  const decoded = decodeFrameHeader(header)
  if (!decoded.ok) throw new Error('a kept frame header is always complete')
  return frameJson({ ...decoded.header, offset, headerLength: decoded.headerLength, truncated: false })
}
