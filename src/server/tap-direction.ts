import {
  CaptureStatsCollector,
  isControlOpcode,
  Opcode,
  StreamDecoder,
  type CaptureStats,
  type DecoderEvent,
  type DeflateParams,
  type Finding,
} from '../protocol/index.ts'
import type { Sender } from '../shared/capture-api.ts'
import { DirectionRewriter, type Interceptor, type MessageOutcome } from './tap-rewriter.ts'
import { proxyFinding } from './proxy-findings.ts'

/** Where one direction's bytes and observations go. */
export interface DirectionSink {
  /** Bytes for the receiving peer, in order. */
  write(bytes: Uint8Array): void
  /** A decoder event (frame, message, finding); a frame says whether it was relayed or swallowed. */
  decoded(event: DecoderEvent, action: 'relayed' | 'dropped', t: number): void
  /** A frame the tap wrote into this direction, before stream offset `offset` of the sender's bytes. */
  injected(frame: Uint8Array, offset: number, t: number): void
  /** With rules: how a data message went on (original, modified, dropped, held). */
  outcome?(outcome: MessageOutcome, t: number): void
  /** With rules: a problem of the rewriting (a message too large to hold…). */
  finding?(finding: Finding, t: number): void
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
 *
 * With rules (an Interceptor), a data message is kept back until it is complete and handed
 * to a DirectionRewriter, which relays it unchanged or framed anew; control frames still go
 * on as soon as they are complete. Whether a message streams or is kept back is decided
 * before any of its bytes leave, so rules edited live take effect at a message boundary.
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
  /** Null without rules: every byte streams through. */
  readonly rewriter: DirectionRewriter | null
  /** The current message's bytes go on as they arrive (else it is kept back whole for the rules). */
  private streaming = true
  /** Frames of the data message being kept back. */
  private collected: Uint8Array[] = []
  private collectedBytes = 0

  constructor(
    readonly sender: Sender,
    deflate: DeflateParams | null,
    maxPayload: number,
    private readonly sink: DirectionSink,
    interceptor: Interceptor | null = null,
  ) {
    this.decoder = new StreamDecoder({ from: sender, deflate, maxPayload, keepFramePayloads: true })
    this.rewriter = interceptor
      ? new DirectionRewriter(sender, deflate, interceptor, {
          write: (bytes) => sink.write(bytes),
          outcome: (outcome) => sink.outcome?.(outcome, this.lastT),
          finding: (f) => sink.finding?.(f, this.lastT),
        })
      : null
    this.maxHeld = interceptor?.maxHeldBytes ?? Infinity
  }

  private readonly maxHeld: number
  private lastT = 0

  receive(chunk: Uint8Array, t: number): void {
    this.lastT = t
    this.unsettled.push(chunk)
    this.received += chunk.length
    if (!this.decoder.stopped) {
      this.decoder.receiveData(chunk)
      this.handle(this.decoder.eventsReceived(), t)
    }
    if (this.decoder.stopped) return this.passRest()
    this.chooseMode()
    if (!this.streaming && this.collectedBytes + this.received - this.settled > this.maxHeld && !this.rewriter!.redeflating) this.tooLargeToHold(t)
    if (!this.streaming) return
    const partial = this.boundary < this.received && this.boundary >= this.settled
    const holdFrom = partial && isControlOpcode(this.byteAt(this.boundary) & 0x0f) ? this.boundary : this.received
    this.settleTo(holdFrom, 'emit')
  }

  /** The sender finished its stream: a frame cut short is reported, held bytes go on, queued frames are abandoned. */
  end(t: number): void {
    this.lastT = t
    this.decoder.receiveEof()
    this.handle(this.decoder.eventsReceived(), t)
    this.passRest()
    this.rewriter?.releaseAll('as the sender ended its stream')
    this.queue.length = 0
  }

  /** The connection is over: hold timers stop. */
  dispose(): void {
    this.rewriter?.dispose()
  }

  /** Between messages, with nothing of the next one relayed yet: stream it, or keep it back for the rules. */
  private chooseMode(): void {
    if (this.rewriter && !this.inMessage && this.settled === this.boundary && this.collectedBytes === 0) this.streaming = !this.rewriter.wanted
  }

  /** Decoding stopped (a Close, a violation, the end): what was kept back and the rest go on as they are. */
  private passRest(): void {
    this.flushCollected()
    this.streaming = true
    this.settleTo(this.received, 'emit')
  }

  private flushCollected(): void {
    for (const bytes of this.collected) this.emit(bytes)
    this.collected = []
    this.collectedBytes = 0
  }

  /** A message larger than may be held streams on unchanged, with a finding. */
  private tooLargeToHold(t: number): void {
    this.sink.finding?.(
      proxyFinding(
        'proxy.message-over-limit',
        `a ${this.sender} message grew past ${this.maxHeld} bytes, the most the tap holds to apply rules: it was forwarded unchanged`,
        this.settled,
        this.received - this.settled,
      ),
      t,
    )
    this.flushCollected()
    this.streaming = true
  }

  private emit(bytes: Uint8Array): void {
    if (this.rewriter) this.rewriter.emit(bytes)
    else this.sink.write(bytes)
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
        if (event.kind === 'message' && this.collected.length && (event.type === 'text' || event.type === 'binary') && event.gap === null) {
          const frames = this.collected
          const length = this.collectedBytes
          this.collected = []
          this.collectedBytes = 0
          this.rewriter!.message(event, frames, length, t)
        }
        continue
      }
      const end = event.offset + event.headerLength + event.payloadLength
      const complete = event.offset !== errorAt && !event.truncated
      const control = isControlOpcode(event.opcode)
      if (!control && event.opcode !== Opcode.CONTINUATION) this.chooseMode()
      if (complete && this.dropPongs && event.opcode === Opcode.PONG && event.offset >= this.settled) {
        this.settleTo(event.offset, 'emit')
        this.settleTo(end, 'discard')
        this.sink.decoded(event, 'dropped', t)
      } else {
        if (!complete) this.flushCollected()
        const pingOrPong = event.opcode === Opcode.PING || event.opcode === Opcode.PONG
        // Ping and Pong are never kept back; a Close stays behind the data before it.
        const how = !complete ? 'emit' : pingOrPong ? 'write' : this.streaming || control ? 'emit' : 'collect'
        this.settleTo(Math.min(end, this.received), how)
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
      const opcode = frame[0] & 0x0f
      if (opcode === Opcode.PING || opcode === Opcode.PONG) this.sink.write(frame)
      else this.emit(frame)
      this.sink.injected(frame, this.boundary, t)
    }
  }

  /**
   * Moves the received bytes up to stream offset `position` on: 'emit' relays them behind
   * anything the rewriter keeps back, 'write' at once (Ping and Pong frames), 'collect' into
   * the kept-back message, 'discard' nowhere.
   */
  private settleTo(position: number, how: 'emit' | 'write' | 'collect' | 'discard'): void {
    while (this.settled < position) {
      const chunk = this.unsettled[0]
      const take = Math.min(chunk.length, position - this.settled)
      const bytes = take === chunk.length ? chunk : chunk.subarray(0, take)
      if (how === 'emit') this.emit(bytes)
      else if (how === 'write') this.sink.write(bytes)
      else if (how === 'collect') {
        this.collected.push(bytes)
        this.collectedBytes += take
      }
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
