/**
 * The captures worker's messages. The worker reads the companion server's /api/captures
 * stream (JSON events, payloads in base64) off the main thread and hands over decoded
 * events in batches: frames and messages carry their bytes as transferable Uint8Arrays.
 */
import type { CaptureCommand, CaptureEvent, CaptureFrame, CaptureMessage } from '../../shared/capture-api.ts'

export interface DecodedFrame extends Omit<CaptureFrame, 'header' | 'payload'> {
  header: Uint8Array
  /** The payload as on the wire (masked, compressed), possibly only its first bytes. */
  payload: Uint8Array
  payloadLength: number
}

export interface DecodedMessage extends Omit<CaptureMessage, 'data'> {
  data: Uint8Array
  /** The full length of `data` (more than its length when the server sent only the start). */
  size: number
}

/** Not from the server: the app's captures connection closed, so its subscriptions are gone. */
export interface FeedLost {
  type: 'feed-lost'
  reason: string
}

export type DecodedEvent = DecodedFrame | DecodedMessage | Exclude<CaptureEvent, CaptureFrame | CaptureMessage> | FeedLost

export type CapturesCommand = { type: 'connect'; url: string } | { type: 'send'; command: CaptureCommand }

export type CapturesReport = { type: 'events'; events: DecodedEvent[] } | { type: 'closed'; reason: string }
