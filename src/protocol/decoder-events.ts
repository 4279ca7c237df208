import type { Finding } from './findings.ts'
import type { FrameRecord } from './frame-parser.ts'

/**
 * What a decoder emits, in stream order. Records are complete when emitted and never changed after
 * (but for the frame records a CountingSink is given: one object, reused).
 */
export type MessageType = 'text' | 'binary' | 'close' | 'ping' | 'pong'

/**
 * How a gap in the input (bytes never captured) spoiled a message. 'cut': part of it was lost;
 * `data` holds what was decoded before the gap. 'not-inflated': whole on the wire, but
 * compressed against an LZ77 window the gap lost (context takeover); `data` holds its
 * compressed payload, unmasked.
 */
export type MessageGapEffect = 'cut' | 'not-inflated'

export interface MessageRecord {
  readonly kind: 'message'
  readonly index: number
  readonly type: MessageType
  /** Application data after unmasking and decompression. */
  readonly data: Uint8Array
  readonly compressed: boolean
  /** Payload bytes on the wire over all the message's frames. */
  readonly wireLength: number
  readonly frameCount: number
  /** Index and stream offset of the message's first frame. */
  readonly firstFrame: number
  readonly offset: number
  readonly closeCode: number | null
  readonly closeReason: string | null
  /** Null for a message decoded whole. */
  readonly gap: MessageGapEffect | null
}

export interface FindingEvent {
  readonly kind: 'finding'
  readonly finding: Finding
}

export type DecoderEvent = FrameRecord | MessageRecord | FindingEvent

/**
 * Where the parts that decode put their events, one at a time, in order: the decoder's own queue
 * (an array), or a consumer that takes each as it happens.
 */
export interface EventSink {
  push(event: DecoderEvent): unknown
}

/**
 * A sink that counts rather than keeps (`decode --stats` over millions of messages): a data
 * message that arrives whole — one frame, not compressed, its payload in one piece — is told to
 * `wholeMessage` as a range of bytes, with no record or view made for it; and every frame record
 * pushed is one object the decoder reuses. Count them; never keep them.
 */
export interface CountingSink extends EventSink {
  /** A data message that arrived whole: its application data is `bytes[start, end)`, unmasked. */
  wholeMessage(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void
  /**
   * Asked about a whole text message just before it is told to wholeMessage: true proves the bytes
   * valid UTF-8 (a consumer that reads every byte anyway, as a JSON scan does), so the decoder
   * does not read them again; false: not known, the decoder validates them. Findings stay the same.
   */
  provesUtf8?(bytes: Uint8Array, start: number, end: number): boolean
}
