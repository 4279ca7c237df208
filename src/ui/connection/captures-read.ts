/**
 * One message of the captures feed as the worker receives it, read into the events it hands on:
 * JSON text before the first subscription (the hello), binary batches after it. Never throws:
 * what cannot be read is an error in words, and the feed ends with it.
 */
import { decodeCaptureBatch, headerPayloadLength, type FeedEvent, type FeedFrame } from '../../shared/capture-batch.ts'
import type { DecodedEvent, DecodedFrame } from './captures-protocol.ts'

export type FeedRead = { ok: true; events: DecodedEvent[]; transfer: ArrayBuffer[] } | { ok: false; error: string }

export function readFeedMessage(data: string | ArrayBuffer): FeedRead {
  if (typeof data === 'string') {
    try {
      const event = JSON.parse(data) as unknown
      if (typeof (event as { type?: unknown } | null)?.type === 'string') return { ok: true, events: [event as FeedEvent], transfer: [] }
    } catch {
      // Named below, with the start of the text.
    }
    return { ok: false, error: `the captures feed sent a text message that is not a JSON event: ${JSON.stringify(data.slice(0, 40))}` }
  }
  const decoded = decodeCaptureBatch(new Uint8Array(data))
  if (!decoded.ok) return decoded
  // The batch's buffer, and the one masked payloads were copied into, go over without a copy.
  const buffers = new Set<ArrayBuffer>([data])
  const frame = (f: FeedFrame): DecodedFrame => {
    buffers.add(f.payload.buffer as ArrayBuffer)
    return { ...f, payloadLength: headerPayloadLength(f.header) }
  }
  const events: DecodedEvent[] = decoded.records.map((r) => (r.type === 'frame' ? frame(r) : r.type === 'frames' ? { ...r, frames: r.frames.map(frame) } : r))
  return { ok: true, events, transfer: [...buffers] }
}
