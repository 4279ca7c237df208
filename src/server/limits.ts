import { FRAMES_KEPT, FRAMES_KEPT_BYTES, FRAMES_KEPT_TOTAL_BYTES } from '../shared/capture-api.ts'

/**
 * The companion server's limits: how much one peer can make it hold. Every buffer the server
 * keeps is bounded by one of these, so a slow or hostile peer costs memory up to a ceiling.
 */
export interface Limits {
  /** Largest message (after decompression) the endpoints accept and the tap decodes. */
  maxMessageBytes: number
  /** WebSocket (and tap) connections open at once, over all endpoints. */
  maxConnections: number
  /** Time for a client to send its request head, and for a tap's upstream to answer with 101. */
  handshakeTimeoutMs: number
  /** Bytes queued on a socket before the side feeding it is paused (or, for a broadcast, dropped). */
  highWaterMark: number
  /** Bytes one direction of a tapped connection keeps back to apply rules (a message, held ones and those behind them). */
  maxHeldBytes: number
  /** Bytes queued for one /api/captures subscriber before events to it are dropped and counted. */
  subscriberBufferBytes: number
  /** Frames kept per capture for `frames` requests (both senders), their bytes, and the bytes over every capture. */
  framesKept: number
  framesKeptBytes: number
  framesKeptTotalBytes: number
  /** The most one /stream client may ask for: rate × size, in bytes per second (more is refused with 400). */
  streamClientBytesPerSecond: number
  /** What all /stream clients get together; events past it are skipped (and counted in `skipped`). */
  streamTotalBytesPerSecond: number
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 64 * 1024 * 1024,
  maxConnections: 2000,
  handshakeTimeoutMs: 10_000,
  highWaterMark: 1024 * 1024,
  subscriberBufferBytes: 8 * 1024 * 1024,
  maxHeldBytes: 16 * 1024 * 1024,
  framesKept: FRAMES_KEPT,
  framesKeptBytes: FRAMES_KEPT_BYTES,
  framesKeptTotalBytes: FRAMES_KEPT_TOTAL_BYTES,
  streamClientBytesPerSecond: 16 * 1024 * 1024,
  streamTotalBytesPerSecond: 64 * 1024 * 1024,
}
