import {
  byteView,
  CaptureStatsCollector,
  createCaptureDecoder,
  type CaptureOptions,
  type DecoderEvent,
  type DeflateParams,
  type EventSink,
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
  const decoder = createCaptureDecoder(options, deflate, { sink, provesUtf8: counter?.provesUtf8 })
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
 * Takes the decoder's events as they happen (nothing is queued, so the records die young and
 * the garbage collector has next to nothing to move) and counts them.
 */
class StatsSink implements EventSink {
  readonly collector = new CaptureStatsCollector()

  constructor(private readonly payloads: PayloadCounter | null) {}

  push(e: DecoderEvent): void {
    this.collector.count(e)
    if (e.kind === 'message') this.payloads?.add(e.type, e.data)
  }
}

/** Names each message's payload decoder, as `--json` would, and counts the names. */
class PayloadCounter {
  readonly counts
  private readonly session: PayloadSession
  /** The text message the decoder last asked provesUtf8 about, when the scan named it. */
  private scanned: Uint8Array | null = null

  constructor(
    payload: PayloadModule,
    args: PayloadArgs,
    private readonly from: CaptureOptions['from'],
  ) {
    this.session = payload.payloadSession(args)
    this.counts = new payload.PayloadCounts()
  }

  /**
   * The decoder asks this just before it emits a whole text message: the JSON scan that names
   * most messages reads UTF-8 as well, so when it names this one the decoder need not validate
   * it again, and add() need not scan it again.
   */
  readonly provesUtf8 = (text: Uint8Array): boolean => {
    const named = this.session.namedByScan(text)
    this.scanned = named ? text : null
    return named
  }

  add(type: string, data: Uint8Array): void {
    if (data === this.scanned) this.counts.add(this.session.identifyScanned())
    else this.counts.add(this.session.identifyMessage(type, data, this.from))
    this.scanned = null
  }
}
