import { FrameParser } from './frame-parser.ts'
import { FrameResync, RESYNC_CHAIN } from './frame-resync.ts'
import { MessageAssembler, type Retained } from './message-assembler.ts'
import type { CountingSink, DecoderEvent, EventSink } from './decoder-events.ts'
import { DEFAULT_DISPLAY_LIMITS, type DisplayLimits } from './frame-display.ts'
import type { DeflateParams } from './permessage-deflate-params.ts'
import type { Sender } from './sender.ts'
import { finding, type Finding } from './findings.ts'

export interface StreamDecoderOptions {
  /** Who sent the bytes (decides the masking rule). */
  from: Sender
  /** The negotiated permessage-deflate parameters, or null when it was not negotiated. */
  deflate?: DeflateParams | null
  /**
   * Largest message in bytes, after decompression and (as in `ws`) on the wire too; 0 = no
   * limit. Default 100 MiB.
   */
  maxPayload?: number
  /** Most frames one data message may arrive in; 0 = no limit. Default 100,000. */
  maxFragments?: number
  /** Keep each frame's raw payload on its record (inspectors want it; bulk decoding does not). */
  keepFramePayloads?: boolean
  /** Caps on the payload bytes kept per frame and per message when keepFramePayloads is on. */
  displayLimits?: DisplayLimits
  /**
   * Takes each event as it happens instead of queueing it for eventsReceived (which then returns
   * nothing). A CountingSink is also told of whole messages without records (see there).
   */
  sink?: EventSink | CountingSink
}

export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024
export const DEFAULT_MAX_FRAGMENTS = 100_000

/**
 * Sans-I/O decoder for ONE direction of one connection: push bytes in with `receiveData`,
 * pull frames, messages and findings out with `eventsReceived`. No sockets, timers or DOM;
 * the same code runs in the browser, a Web Worker and Node. Bytes lost from a capture are
 * announced with `receiveGap`: decoding resumes where frames are found to start again.
 */
export class StreamDecoder {
  /** Frames, messages and findings not yet taken by eventsReceived; the decoder owns it. */
  private readonly queue: DecoderEvent[] = []
  private readonly events: EventSink
  private readonly counting: CountingSink | null
  private readonly assembler: MessageAssembler
  private parser: FrameParser
  /** After a gap: looking for where frames start again. */
  private resync: FrameResync | null = null
  /** Size of the gap the resync follows, for its finding. */
  private gapLength = 0
  /** Stream offset just past the last byte received or lost. */
  private position = 0
  private ended = false

  constructor(private readonly options: StreamDecoderOptions) {
    this.events = options.sink ?? this.queue
    this.counting = options.sink && 'wholeMessage' in options.sink ? options.sink : null
    this.assembler = new MessageAssembler(this.events, {
      sender: options.from,
      deflate: options.deflate ?? null,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      maxFragments: options.maxFragments ?? DEFAULT_MAX_FRAGMENTS,
      display: options.keepFramePayloads ? (options.displayLimits ?? DEFAULT_DISPLAY_LIMITS) : null,
      counting: this.counting,
    })
    this.parser = new FrameParser(this.assembler, undefined, this.counting !== null)
  }

  /** Feeds the next bytes. Chunks may be any size; the pushed bytes must not be modified later. */
  receiveData(chunk: Uint8Array): void {
    if (this.ended) throw new Error('receiveData after receiveEof')
    this.position += chunk.length
    if (!this.resync) return this.parser.push(chunk)
    this.resync.push(chunk)
    this.settleResync(false)
  }

  /**
   * Signals that `length` bytes of the stream were never captured; the next `receiveData`
   * continues after them. The frame and message they cut are reported (kept, marked), then
   * decoding resumes at the first offset after the gap where RESYNC_CHAIN frames in a row
   * parse cleanly (see FrameResync), with a `gap.resynced` finding, or a `gap.no-frame-boundary`
   * one when the input ends (or another gap comes) first.
   */
  receiveGap(length: number): void {
    if (this.ended) throw new Error('receiveGap after receiveEof')
    const offset = this.position
    this.position += length
    if (this.resync) this.settleResync(true)
    if (this.assembler.error || this.assembler.closed) return
    this.assembler.onGap(this.parser.cut(), offset, length)
    this.resync = new FrameResync({ sender: this.options.from, deflate: (this.options.deflate ?? null) !== null }, this.position)
    this.gapLength = length
  }

  /** Signals the end of the input, so a frame cut short is reported as truncated. */
  receiveEof(): void {
    if (this.ended) return
    this.ended = true
    if (this.resync) this.settleResync(true)
    this.parser.finish()
  }

  /** Asks the resync for a frame boundary; once it finds one (or can find none), says so and goes on. */
  private settleResync(final: boolean): void {
    const resync = this.resync!
    const result = resync.scan(final)
    if (result.kind === 'pending') return
    this.resync = null
    const gap = `a gap of ${this.gapLength} bytes`
    if (result.kind === 'none') {
      const text = `no frame boundary found in the ${resync.skipped} bytes after ${gap} before ${this.ended ? 'the end of the input' : 'another gap'}: they are not decoded`
      this.report(finding('gap.no-frame-boundary', text, resync.start, resync.skipped))
      return
    }
    const text = resync.skipped
      ? `decoding resumed ${resync.skipped} bytes after ${gap}, at the first offset from which ${RESYNC_CHAIN} frames in a row (or all that remain) parse cleanly`
      : `decoding resumed right after ${gap}: frames parse cleanly from there`
    this.report(finding('gap.resynced', text, result.offset, resync.skipped))
    this.parser = new FrameParser(this.assembler, { offset: result.offset, index: this.parser.frameCount }, this.counting !== null)
    for (const piece of resync.heldFrom(result.offset)) this.parser.push(piece)
  }

  private report(problem: Finding): void {
    this.events.push({ kind: 'finding', finding: problem })
  }

  /** Returns the events produced since the last call, in order (none when a sink takes them). */
  eventsReceived(): DecoderEvent[] {
    return this.queue.splice(0)
  }

  /** What the decoder holds right now for the message and frame in progress (bounded by its limits). */
  get retained(): Retained {
    return this.assembler.retained
  }

  /** The violation that stopped decoding (the connection would be failed with its close code). */
  get error(): Finding | null {
    return this.assembler.error
  }

  /** A Close frame was received; nothing after it is decoded. */
  get closed(): boolean {
    return this.assembler.closed
  }

  /** The input ended inside a frame (only known after receiveEof). */
  get truncated(): boolean {
    return this.assembler.truncated
  }

  /** Decoding has stopped: an error, a Close frame or the end of the input. Later bytes are ignored. */
  get stopped(): boolean {
    return this.resync === null && this.parser.stopped
  }

  /** After receiveEof: bytes still missing from the frame the input cut short (at least), else 0. */
  get missingBytes(): number {
    return this.parser.missingBytes
  }

  /** Bytes consumed so far (up to where decoding stopped). */
  get offset(): number {
    return this.parser.offset
  }
}
