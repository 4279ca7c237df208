/**
 * The app's one connection to the companion server's captures API, off the main thread: the
 * server sends binary batches of many events, decoded here (src/shared/capture-batch.ts) and
 * posted on as one message per batch, as columns whose buffers are transferred
 * (captures-columns.ts). A batch that
 * cannot be read closes the feed with the reason, which every tab then shows.
 */
import type { CapturesCommand, CapturesReport } from './captures-protocol.ts'
import { readFeedMessage } from './captures-read.ts'

const scope = self as unknown as {
  postMessage(message: CapturesReport, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<CapturesCommand>) => void) | null
}

let socket: WebSocket | null = null
/** Close code (the range applications may use) for a server that sent what this app cannot read. */
const UNREADABLE = 4000

function received(data: string | ArrayBuffer): void {
  const read = readFeedMessage(data)
  if (read.ok) scope.postMessage({ type: 'events', columns: read.columns }, read.transfer)
  else unreadable(read.error)
}

/** Ends the feed over a batch it cannot read: the app hears why, nothing half-read is delivered. */
function unreadable(reason: string): void {
  if (!socket) return
  Object.assign(socket, { onmessage: null, onclose: null })
  socket.close(UNREADABLE)
  socket = null
  scope.postMessage({ type: 'closed', reason }, [])
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
