/**
 * The captures worker's messages. The worker reads the companion server's /api/captures
 * stream (binary batches, see src/shared/capture-batch.ts) off the main thread and hands over
 * each batch's events at once, as columns (captures-columns.ts) the main thread makes them from:
 * frames and messages carry their bytes as Uint8Arrays over one buffer, transferred, not copied.
 */
import type { CaptureCommand } from '../../shared/capture-api.ts'
import type { FeedEvent, FeedFrame, FeedFramesAnswer, FeedMessage } from '../../shared/capture-batch.ts'

export interface DecodedFrame extends FeedFrame {
  /** The payload's full length, from the header (`payload` may hold only its first bytes). */
  payloadLength: number
}

export type DecodedMessage = FeedMessage

/** The answer to a `frames` request. */
export interface DecodedFrames extends Omit<FeedFramesAnswer, 'frames'> {
  frames: DecodedFrame[]
}

/** Not from the server: the app's captures connection closed, so its subscriptions are gone. */
export interface FeedLost {
  type: 'feed-lost'
  reason: string
}

export type DecodedEvent = DecodedFrame | DecodedMessage | DecodedFrames | FeedEvent | FeedLost

export type OtherEvent = Exclude<DecodedEvent, DecodedFrame | DecodedMessage>

/** A batch of events as columns (captures-columns.ts makes and reads them). */
export interface EventColumns {
  count: number
  /** 1 frame, 2 message, 3 any other event, in arrival order. */
  kind: Uint8Array
  /** Frames and messages: their capture id's position in `ids`. */
  capture: Uint32Array
  ids: string[]
  t: Float64Array
  /** Frame: bit 0 the server sent it, bits 1-2 its action, bit 3 it has an index. Message: bit 0 server, bit 1 compressed, bits 2-4 its type, bit 5 text with a byte ≥ 0x80. */
  bits: Uint8Array
  /** Frame: its index among the sender's frames; message: among the sender's messages. */
  index: Float64Array
  /** Frame: where it starts in the sender's byte stream; message: its first frame's index. */
  offset: Float64Array
  /** Messages: frame count, wire payload bytes, header bytes, size, close code (-1: none). */
  frameCount: Float64Array
  wireLength: Float64Array
  headerBytes: Float64Array
  size: Float64Array
  closeCode: Int32Array
  /** Where a record's bytes start in `bytes`: a frame's header then its payload, a message's data. */
  start: Uint32Array
  headerLength: Uint8Array
  /** A frame's payload bytes, a message's data bytes. */
  length: Uint32Array
  bytes: Uint8Array
  /** Close reasons, by record position. */
  reasons: [number, string][]
  /** Every other event, in order. */
  others: OtherEvent[]
}

export type CapturesCommand = { type: 'connect'; url: string } | { type: 'send'; command: CaptureCommand }

export type CapturesReport = { type: 'events'; columns: EventColumns } | { type: 'closed'; reason: string }
