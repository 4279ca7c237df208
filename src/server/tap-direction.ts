import {
  CaptureStatsCollector,
  isControlOpcode,
  Opcode,
  StreamDecoder,
  type CaptureStats,
  type DecoderEvent,
  type DeflateParams,
} from '../protocol/index.ts'
import type { Sender } from '../shared/capture-api.ts'

/** Where one direction's bytes and observations go. */
export interface DirectionSink {
  /** Bytes for the receiving peer, in order. */
  write(bytes: Uint8Array): void
  /** A decoder event (frame, message, finding); a frame says whether it was relayed or swallowed. */
  decoded(event: DecoderEvent, action: 'relayed' | 'dropped', t: number): void
  /** A frame the tap wrote into this direction, before stream offset `offset` of the sender's bytes. */
  injected(frame: Uint8Array, offset: number, t: number): void
}

/**
 * ONE direction of a tapped connection: the sender's bytes go on to the receiver unchanged
 * while a core StreamDecoder reads them, which tells where each frame ends. That knowledge is
 * what lets the tap act on the stream without corrupting it:
 * - a frame is injected only at a frame boundary, and a data frame only between messages;
 * - a Pong can be swallowed whole, because control frames (at most 131 bytes) are held back
 *   until complete, while data frames pass through as their bytes arrive.
 * Once the decoder stops (a Close, or a violation after which frame boundaries are unknown),
 * the rest passes through as is.
 */
export class TapDirection {
  /** Swallow the sender's Pong frames instead of relaying them (auto-pong off). */
  dropPongs = false
  private readonly decoder: StreamDecoder
  private readonly stats = new CaptureStatsCollector()
  /** Bytes received from the sender: the stream offset of the next byte. */
  private received = 0
  /** Stream offset up to which bytes have been relayed or dropped. */
  private settled = 0
  /** Bytes from `settled` to `received`, in order. */
  private unsettled: Uint8Array[] = []
  /** Stream offset where the last complete frame ended. */
  private boundary = 0
  /** A fragmented data message of the sender is unfinished. */
  private inMessage = false
  private readonly queue: { frame: Uint8Array; control: boolean }[] = []

  constructor(
    readonly sender: Sender,
    deflate: DeflateParams | null,
    maxPayload: number,
    private readonly sink: DirectionSink,
  ) {
    this.decoder = new StreamDecoder({ from: sender, deflate, maxPayload, keepFramePayloads: true })
  }

  receive(chunk: Uint8Array, t: number): void {
    this.unsettled.push(chunk)
    this.received += chunk.length
    if (!this.decoder.stopped) {
      this.decoder.receiveData(chunk)
      this.handle(this.decoder.eventsReceived(), t)
    }
    const partial = this.boundary < this.received && this.boundary >= this.settled
    const holdFrom = partial && !this.decoder.stopped && isControlOpcode(this.byteAt(this.boundary) & 0x0f) ? this.boundary : this.received
    this.settleTo(holdFrom, true)
  }

  /** The sender finished its stream: a frame cut short is reported, held bytes go on, queued frames are abandoned. */
  end(t: number): void {
    this.decoder.receiveEof()
    this.handle(this.decoder.eventsReceived(), t)
    this.settleTo(this.received, true)
    this.queue.length = 0
  }

  /** Why nothing can be injected into this stream any more, or null. */
  get injectProblem(): string | null {
    const error = this.decoder.error
    return error ? `the ${this.sender}'s stream could not be decoded past byte ${error.offset} (${error.message}), so its frame boundaries are unknown` : null
  }

  /** Writes the frame now if the stream is at a suitable boundary, else queues it; returns whether it was queued. */
  inject(frame: Uint8Array, t: number): boolean {
    const item = { frame, control: isControlOpcode(frame[0] & 0x0f) }
    this.queue.push(item)
    this.flushQueue(t)
    return this.queue.includes(item)
  }

  /** Counts of the sender's stream so far, by the core. */
  get statistics(): CaptureStats {
    return this.stats.finish(this.decoder)
  }

  private handle(events: DecoderEvent[], t: number): void {
    this.stats.add(events)
    const errorAt = this.decoder.error?.offset ?? -1
    for (const event of events) {
      if (event.kind !== 'frame') {
        this.sink.decoded(event, 'relayed', t)
        continue
      }
      const end = event.offset + event.headerLength + event.payloadLength
      const complete = event.offset !== errorAt && !event.truncated
      if (complete && this.dropPongs && event.opcode === Opcode.PONG && event.offset >= this.settled) {
        this.settleTo(event.offset, true)
        this.settleTo(end, false)
        this.sink.decoded(event, 'dropped', t)
      } else {
        this.settleTo(Math.min(end, this.received), true)
        this.sink.decoded(event, 'relayed', t)
      }
      if (!complete) continue
      if (!isControlOpcode(event.opcode)) this.inMessage = !event.fin
      this.boundary = end
      this.flushQueue(t)
    }
  }

  private flushQueue(t: number): void {
    while (this.queue.length && this.settled === this.boundary && !this.decoder.error && (this.queue[0].control || !this.inMessage)) {
      const { frame } = this.queue.shift()!
      this.sink.write(frame)
      this.sink.injected(frame, this.boundary, t)
    }
  }

  /** Relays (or, with `relay` false, discards) the received bytes up to stream offset `position`. */
  private settleTo(position: number, relay: boolean): void {
    while (this.settled < position) {
      const chunk = this.unsettled[0]
      const take = Math.min(chunk.length, position - this.settled)
      if (relay) this.sink.write(take === chunk.length ? chunk : chunk.subarray(0, take))
      if (take === chunk.length) this.unsettled.shift()
      else this.unsettled[0] = chunk.subarray(take)
      this.settled += take
    }
  }

  /** The byte at stream offset `offset` (at or after `settled`). */
  private byteAt(offset: number): number {
    let skip = offset - this.settled
    for (const chunk of this.unsettled) {
      if (skip < chunk.length) return chunk[skip]
      skip -= chunk.length
    }
    throw new Error(`offset ${offset} has not been received`)
  }
}
