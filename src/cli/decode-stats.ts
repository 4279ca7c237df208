import {
  byteView,
  CaptureStatsCollector,
  createCaptureDecoder,
  type CaptureOptions,
  type CountingSink,
  type DecoderEvent,
  type DeflateParams,
} from '../protocol/index.ts'
import type { PayloadArgs } from './decode-payload.ts'
import { freeCoreNow } from './free-core.ts'
import { PayloadCounter, type MessageCounter } from './payload-counter.ts'

/**
 * Pushing a capture in pieces bounds the memory events take for huge inputs; pieces of a
 * socket's usual size keep each batch of events young for the garbage collector.
 */
export const DECODE_CHUNK = 1 << 16

/**
 * From this size on, payloads are named on a worker thread while the main thread decodes frames
 * (two cores do in parallel what one did in turn). Starting the worker and handing it the
 * messages cost about 60 ms; the worker saves about 1.4 ms per MB of small JSON messages.
 */
export const WORKER_MIN_BYTES = 64 * 1024 * 1024

/**
 * Whether `--stats` names payloads on a worker for a capture of `size` bytes (given as shared
 * memory, see captureStats): a large one, when a core is free now (see free-core.ts). On a busy
 * machine the worker's start and its share of the CPU cost more than running alongside saves.
 * WSINSPECT_STATS_WORKER=always or never decides instead.
 */
export function statsOnWorker(payload: PayloadArgs | null, size: number, choice = process.env.WSINSPECT_STATS_WORKER, coreIsFree = freeCoreNow): boolean {
  // A .proto schema is not something a worker can be given.
  if (payload === null || payload.proto !== null || choice === 'never') return false
  return choice === 'always' || (size >= WORKER_MIN_BYTES && coreIsFree())
}

/** A capture's pieces: `recycle` takes back a piece nothing reads any more, to read another into. */
export interface CapturePieces {
  read(): Iterable<Uint8Array>
  recycle?(piece: Uint8Array): void
}

/**
 * `--stats`: counts, message by message, without keeping them. `payloads` names each message's
 * innermost decoder as `--json` would, without building values and summaries; with decoding
 * off, every message counts under `null` and the decoders are not even loaded. With `onWorker`
 * (see statsOnWorker) the pieces are read first in SharedArrayBuffers, then, if the worker's
 * run has to be done over, again (in any memory).
 */
export async function captureStats(
  source: CapturePieces,
  options: CaptureOptions,
  deflate: DeflateParams | null,
  payload: PayloadArgs | null,
  onWorker = false,
) {
  if (payload && onWorker) {
    const { startPayloadWorker } = await import('./payload-count-worker.ts')
    const worker = await startPayloadWorker(payload, options.from)
    if (worker) {
      const counted = countCapture(source, options, deflate, worker)
      // Null when a text message was not UTF-8 (the main thread took the worker's word for it) or
      // the worker failed: decoding again on this thread gives the finding as it must be.
      const payloads = await worker.finish()
      if (payloads) return { ...counted, payloads }
      if (worker.failure) process.emitWarning(`payloads are counted again on one thread: the worker ${worker.failure}`)
    }
  }
  const counter = payload ? new PayloadCounter(await import('./decode-payload.ts'), payload, options.from) : null
  const counted = countCapture(source, options, deflate, counter)
  return { ...counted, payloads: counter?.counts.counts ?? (counted.messages ? { null: counted.messages } : {}) }
}

function countCapture(source: CapturePieces, options: CaptureOptions, deflate: DeflateParams | null, counter: MessageCounter | null) {
  const sink = new StatsSink(counter)
  const decoder = createCaptureDecoder(options, deflate, sink)
  /** Pieces decoded (and where they end in the stream) that a message in progress may hold views of. */
  const decoded: { piece: Uint8Array; end: number }[] = []
  /** Pieces the decoder is done with, each with the counter's mark it waits for. */
  const done: { piece: Uint8Array; mark: number }[] = []
  let position = 0
  // In chunks of the size the other modes push: where decoding stops on an error, and so
  // `wireBytes`, is the same as theirs.
  for (const piece of source.read()) {
    for (let p = 0; p < piece.length && !decoder.stopped; p += DECODE_CHUNK) decoder.receiveData(byteView(piece, p, Math.min(piece.length, p + DECODE_CHUNK)))
    if (decoder.stopped) break
    if (!source.recycle) continue
    // Reading the next piece into memory the decoder and counter no longer read saves allocating
    // (and the page faults of) 100 MB for a 100 MB capture.
    position += piece.length
    decoded.push({ piece, end: position })
    const held = decoder.retained.messageOffset ?? position
    if (decoded[0]!.end <= held) {
      const mark = counter?.mark?.() ?? 0
      while (decoded.length && decoded[0]!.end <= held) done.push({ piece: decoded.shift()!.piece, mark })
    }
    while (done.length && (counter?.reached?.(done[0]!.mark) ?? true)) source.recycle(done.shift()!.piece)
  }
  decoder.receiveEof()
  return sink.collector.finish(decoder)
}

/**
 * Counts the decoder's events as they happen. Nothing is queued or kept, and most messages (those
 * that arrive whole) come as ranges of bytes, with no record or view made for them.
 */
class StatsSink implements CountingSink {
  readonly collector = new CaptureStatsCollector()
  readonly provesUtf8

  constructor(private readonly payloads: MessageCounter | null) {
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
