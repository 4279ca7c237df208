/**
 * A connection's WebSocket, off the main thread. At tens of thousands of messages a second
 * the browser's per-message dispatch alone would fill the main thread; here messages are
 * packed into batches (text encoded to UTF-8 once) and handed over every FLUSH_MS.
 */
import { batchTransfer, BatchBuilder } from '../store/message-batch.ts'
import type { SocketCommand, SocketEvent } from './socket-protocol.ts'

const FLUSH_MS = 16
const MAX_BATCH_BYTES = 1024 * 1024
const SAMPLE_MS = 50

/** The worker's global scope (the DOM typings describe a window's). */
const scope = self as unknown as {
  postMessage(message: SocketEvent, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<SocketCommand>) => void) | null
}
const builder = new BatchBuilder()
let socket: WebSocket | null = null
let flushTimer: ReturnType<typeof setTimeout> | null = null
let sampling = false

const post = (event: SocketEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer)

function flush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer)
  flushTimer = null
  if (builder.count === 0) return
  const batch = builder.take()
  post({ type: 'messages', batch }, batchTransfer(batch))
}

function receive(e: MessageEvent<string | ArrayBuffer>): void {
  builder.add(performance.timeOrigin + e.timeStamp, e.data)
  if (builder.byteLength >= MAX_BATCH_BYTES) flush()
  else flushTimer ??= setTimeout(flush, FLUSH_MS)
}

/** `deliver` false (through the tap, where the capture reports every message): no listener, so no message reaches JavaScript. */
function open(url: string, protocols: string[], deliver: boolean): void {
  try {
    socket = new WebSocket(url, protocols)
  } catch (e) {
    post({ type: 'refused', message: (e as Error).message })
    return
  }
  const ws = socket
  ws.binaryType = 'arraybuffer'
  ws.onopen = () => post({ type: 'open', url: ws.url, protocol: ws.protocol, extensions: ws.extensions })
  if (deliver) ws.onmessage = receive
  // Messages that arrived before an error or the close are delivered first.
  ws.onerror = () => {
    flush()
    post({ type: 'error' })
  }
  ws.onclose = (e) => {
    flush()
    post({ type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean })
  }
}

/** Reports bufferedAmount every SAMPLE_MS from a send until it is back to 0. */
function sampleBuffered(): void {
  if (sampling || !socket) return
  sampling = true
  const sample = () => {
    const bytes = socket?.bufferedAmount ?? 0
    post({ type: 'buffered', t: performance.timeOrigin + performance.now(), bytes })
    if (bytes > 0) setTimeout(sample, SAMPLE_MS)
    else sampling = false
  }
  sample()
}

scope.onmessage = (e: MessageEvent<SocketCommand>) => {
  const command = e.data
  switch (command.type) {
    case 'open':
      open(command.url, command.protocols, command.deliver)
      break
    case 'deliver':
      if (socket) socket.onmessage = receive
      break
    case 'send':
      socket?.send(command.data)
      sampleBuffered()
      break
    case 'close':
      socket?.close(command.code, command.reason)
      break
  }
}
