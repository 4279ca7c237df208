/**
 * The app's one connection to the companion server's captures API, off the main thread: the
 * server sends binary batches of many events, decoded here (src/shared/capture-batch.ts) and
 * posted on as one message per batch, the batch's buffer transferred with it. A batch that
 * cannot be read closes the feed with the reason, which every tab then shows.
 */
import type { FeedEvent } from '../../shared/capture-batch.ts'
import { decodeCaptureBatch, headerPayloadLength } from '../../shared/capture-batch.ts'
import type { CapturesCommand, CapturesReport, DecodedEvent } from './captures-protocol.ts'

const scope = self as unknown as {
  postMessage(message: CapturesReport, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<CapturesCommand>) => void) | null
}

let socket: WebSocket | null = null
/** The policy violation close code: the server sent what this app cannot read. */
const UNREADABLE = 1008

function received(data: string | ArrayBuffer): void {
  // Before the first subscription (the hello) events come as JSON text.
  if (typeof data === 'string') return scope.postMessage({ type: 'events', events: [JSON.parse(data) as FeedEvent] }, [])
  const decoded = decodeCaptureBatch(new Uint8Array(data))
  if (!decoded.ok) return socket?.close(UNREADABLE, decoded.error.slice(0, 120))
  const buffers = new Set<ArrayBuffer>([data])
  const events: DecodedEvent[] = decoded.records.map((r) => {
    if (r.type !== 'frame') return r
    buffers.add(r.payload.buffer as ArrayBuffer)
    return { ...r, payloadLength: headerPayloadLength(r.header) }
  })
  scope.postMessage({ type: 'events', events }, [...buffers])
}

scope.onmessage = (e) => {
  const command = e.data
  if (command.type === 'send') {
    socket?.send(JSON.stringify(command.command))
    return
  }
  socket = new WebSocket(command.url)
  socket.binaryType = 'arraybuffer'
  socket.onmessage = (m: MessageEvent<string | ArrayBuffer>) => received(m.data)
  socket.onclose = (c) => scope.postMessage({ type: 'closed', reason: c.reason || `closed with ${c.code}` }, [])
}
