/** Test support: a message as the captures feed reports it, with what a test leaves out filled in. */
import type { FeedMessage } from '../capture-batch.ts'

/**
 * A whole, uncompressed one-frame message of `data` from the server (2-byte header, its first
 * frame at its own index); `fields` overrides any of that.
 */
export function feedMessage(data: Uint8Array, fields: Partial<FeedMessage> = {}): FeedMessage {
  const index = fields.index ?? 0
  return {
    type: 'message',
    captureId: 'c',
    t: 1,
    sender: 'server',
    index,
    messageType: 'text',
    data,
    size: data.length,
    compressed: false,
    wireLength: data.length,
    headerBytes: 2,
    frameCount: 1,
    firstFrame: index,
    closeCode: null,
    closeReason: null,
    ...fields,
  }
}
