/**
 * The captures worker's messages. The worker reads the companion server's /api/captures
 * stream (binary batches, see src/shared/capture-batch.ts) off the main thread and hands over
 * each batch's events at once: frames and messages carry their bytes as Uint8Arrays over the
 * batch's own buffer, which is transferred, not copied.
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

export type CapturesCommand = { type: 'connect'; url: string } | { type: 'send'; command: CaptureCommand }

export type CapturesReport = { type: 'events'; events: DecodedEvent[] } | { type: 'closed'; reason: string }
