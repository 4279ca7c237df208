/**
 * The app's one connection to the companion server's captures API, off the main thread:
 * at thousands of tapped messages a second, parsing their JSON and base64 would otherwise
 * take the main thread's time. Events go out in a batch every FLUSH_MS.
 */
import { decodeBase64 } from '../../protocol/index.ts'
import { bytesFromJson, type CaptureEvent } from '../../shared/capture-api.ts'
import type { CapturesCommand, CapturesReport, DecodedEvent } from './captures-protocol.ts'

const FLUSH_MS = 16

const scope = self as unknown as {
  postMessage(message: CapturesReport, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent<CapturesCommand>) => void) | null
}

let socket: WebSocket | null = null
let pending: DecodedEvent[] = []
let transfer: ArrayBuffer[] = []
let timer: ReturnType<typeof setTimeout> | null = null

function flush(): void {
  timer = null
  if (!pending.length) return
  scope.postMessage({ type: 'events', events: pending }, transfer)
  pending = []
  transfer = []
}

function decode(event: CaptureEvent): DecodedEvent {
  if (event.type === 'frame') {
    const header = decodeBase64(event.header) ?? new Uint8Array(0)
    const payload = bytesFromJson(event.payload)
    transfer.push(header.buffer as ArrayBuffer, payload.buffer as ArrayBuffer)
    return { ...event, header, payload, payloadLength: event.payload.length }
  }
  if (event.type === 'message') {
    const data = bytesFromJson(event.data)
    transfer.push(data.buffer as ArrayBuffer)
    return { ...event, data, size: event.data.length }
  }
  return event
}

scope.onmessage = (e) => {
  const command = e.data
  if (command.type === 'send') {
    socket?.send(JSON.stringify(command.command))
    return
  }
  socket = new WebSocket(command.url)
  socket.onmessage = (m: MessageEvent<string>) => {
    pending.push(decode(JSON.parse(m.data) as CaptureEvent))
    timer ??= setTimeout(flush, FLUSH_MS)
  }
  socket.onclose = (c) => {
    flush()
    scope.postMessage({ type: 'closed', reason: c.reason || `closed with ${c.code}` }, [])
  }
}
