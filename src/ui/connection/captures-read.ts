/**
 * One message of the captures feed as the worker receives it, read into the events it hands on:
 * JSON text before the first subscription (the hello), binary batches after it. Never throws:
 * what cannot be read is an error in words, and the feed ends with it.
 */
import { decodeCaptureBatch, type FeedEvent } from '../../shared/capture-batch.ts'
import { toColumns } from './captures-columns.ts'
import type { EventColumns } from './captures-protocol.ts'

export type FeedRead = { ok: true; columns: EventColumns; transfer: ArrayBuffer[] } | { ok: false; error: string }

export function readFeedMessage(data: string | ArrayBuffer): FeedRead {
  if (typeof data === 'string') {
    try {
      const event = JSON.parse(data) as unknown
      if (typeof (event as { type?: unknown } | null)?.type === 'string') return { ok: true, ...toColumns([event as FeedEvent]) }
    } catch {
      // Named below, with the start of the text.
    }
    return { ok: false, error: `the captures feed sent a text message that is not a JSON event: ${JSON.stringify(data.slice(0, 40))}` }
  }
  const decoded = decodeCaptureBatch(new Uint8Array(data))
  return decoded.ok ? { ok: true, ...toColumns(decoded.records) } : decoded
}
