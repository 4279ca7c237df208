import {
  byteView,
  CaptureStatsCollector,
  createCaptureDecoder,
  type CaptureOptions,
  type CountingSink,
  type DecoderEvent,
  type DeflateParams,
} from '../protocol/index.ts'
import type * as payloadModule from './decode-payload.ts'
import type { PayloadArgs } from './decode-payload.ts'
import type { PayloadSession } from '../payload/session.ts'

/**
 * Pushing a capture in pieces bounds the memory events take for huge inputs; pieces of a
 * socket's usual size keep each batch of events young for the garbage collector.
 */
export const DECODE_CHUNK = 1 << 16

type PayloadModule = typeof payloadModule

/**
 * `--stats`: counts, message by message, without keeping them. `payloads` names each message's
 * innermost decoder as `--json` would, without building values and summaries; with decoding
 * off, every message counts under `null` and the decoders are not even loaded.
 */
export async function captureStats(pieces: Iterable<Uint8Array>, options: CaptureOptions, deflate: DeflateParams | null, payload: PayloadArgs | null) {
  const counter = payload ? new PayloadCounter(await import('./decode-payload.ts'), payload, options.from) : null
  const sink = new StatsSink(counter)
  const decoder = createCaptureDecoder(options, deflate, sink)
  // In chunks of the size the other modes push: where decoding stops on an error, and so
  // `wireBytes`, is the same as theirs.
  for (const piece of pieces) {
    for (let p = 0; p < piece.length && !decoder.stopped; p += DECODE_CHUNK) decoder.receiveData(byteView(piece, p, Math.min(piece.length, p + DECODE_CHUNK)))
    if (decoder.stopped) break
  }
  decoder.receiveEof()
  const counted = sink.collector.finish(decoder)
  return { ...counted, payloads: counter?.counts.counts ?? (counted.messages ? { null: counted.messages } : {}) }
}

/**
 * Counts the decoder's events as they happen. Nothing is queued or kept, and most messages (those
 * that arrive whole) come as ranges of bytes, with no record or view made for them.
 */
class StatsSink implements CountingSink {
  readonly collector = new CaptureStatsCollector()
  readonly provesUtf8

  constructor(private readonly payloads: PayloadCounter | null) {
    this.provesUtf8 = payloads?.provesUtf8
  }

  push(e: DecoderEvent): void {
    this.collector.count(e)
    if (e.kind === 'message') this.payloads?.add(e.type, e.data)
  }

  wholeMessage(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void {
    this.collector.countMessage(type, end - start, false, end - start)
    this.payloads?.addWhole(type, bytes, start, end)
  }
}

/** Names each message's payload decoder, as `--json` would, and counts the names. */
class PayloadCounter {
  readonly counts
  private readonly session: PayloadSession
  /** Whether the JSON scan named the whole message the decoder asked provesUtf8 about last. */
  private scanned = false

  constructor(
    payload: PayloadModule,
    args: PayloadArgs,
    private readonly from: CaptureOptions['from'],
  ) {
    this.session = payload.payloadSession(args)
    this.counts = new payload.PayloadCounts()
  }

  /**
   * The decoder asks this just before it tells of a whole text message: the JSON scan that names
   * most messages reads UTF-8 as well, so when it names this one the decoder need not validate
   * it, and addWhole need not scan it again.
   */
  readonly provesUtf8 = (bytes: Uint8Array, start: number, end: number): boolean => (this.scanned = this.session.namedByScan(bytes, start, end))

  add(type: string, data: Uint8Array): void {
    this.scanned = false
    this.counts.add(this.session.identifyMessage(type, data, this.from))
  }

  addWhole(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void {
    if (this.scanned) {
      this.scanned = false
      this.counts.add(this.session.identifyScanned())
    } else this.counts.add(this.session.identifyMessage(type, byteView(bytes, start, end), this.from))
  }
}
