/**
 * Each frame's payload exactly as on the wire (still masked), kept for inspectors to show.
 * What is kept is capped per frame and per message, so a hostile peer announcing a 2^50-byte
 * frame, or a message in millions of fragments, costs at most the caps; a frame cut by a cap
 * says so (`payloadCut`), and decoding itself is unaffected.
 */

export interface DisplayLimits {
  /** Payload bytes kept for one frame. */
  frameBytes: number
  /** Payload bytes kept over all the frames of one data message. */
  messageBytes: number
}

export const DEFAULT_DISPLAY_LIMITS: DisplayLimits = { frameBytes: 1024 * 1024, messageBytes: 8 * 1024 * 1024 }

const EMPTY = new Uint8Array(0)

export class FrameDisplay {
  private buffer: Uint8Array = EMPTY
  private used = 0
  /** The frame has more payload than the buffer can take. */
  private cut = false
  /** Bytes kept so far for the current data message's frames. */
  private messageKept = 0

  constructor(private readonly limits: DisplayLimits) {}

  /** A new frame begins; `continuing` when it belongs to the data message in progress. */
  begin(payloadLength: number, control: boolean, continuing: boolean): void {
    if (!control && !continuing) this.messageKept = 0
    const room = control ? this.limits.frameBytes : Math.min(this.limits.frameBytes, this.limits.messageBytes - this.messageKept)
    const size = Math.max(0, Math.min(payloadLength, room))
    this.buffer = size ? new Uint8Array(size) : EMPTY
    this.used = 0
    this.cut = size < payloadLength
    if (!control) this.messageKept += size
  }

  /** Keeps what fits of `bytes[start..end)`. */
  add(bytes: Uint8Array, start: number, end: number): void {
    const n = Math.min(end - start, this.buffer.length - this.used)
    if (n <= 0) return
    this.buffer.set(bytes.subarray(start, start + n), this.used)
    this.used += n
  }

  /** What was kept of the current frame, and whether a cap cut it. */
  take(): { payload: Uint8Array; payloadCut: boolean } {
    const payload = this.used === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.used)
    const payloadCut = this.cut
    this.buffer = EMPTY
    this.used = 0
    this.cut = false
    return { payload, payloadCut }
  }

  /** Bytes held for the frame in progress. */
  get retained(): number {
    return this.buffer.length
  }
}
