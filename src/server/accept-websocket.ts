import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type PerMessageDeflateOptions, type WebSocket } from 'ws'
import type { ConnectionTracker } from './connections.ts'

export interface AcceptOptions {
  perMessageDeflate: PerMessageDeflateOptions | false
  maxPayload: number
}

/**
 * Completes a `ws` handshake for the ordinary endpoints and tracks the socket, so the
 * connection limit counts it and a shutdown closes it with 1001. A WebSocketServer is cheap
 * without a server of its own, and ws fixes permessage-deflate options per server, so each
 * upgrade gets one with the options its query asked for.
 */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, options: AcceptOptions, tracker: ConnectionTracker): Promise<WebSocket> {
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, ...options })
  return new Promise((resolve) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const untrack = tracker.add({ goingAway: () => ws.close(1001, 'server shutting down'), destroy: () => ws.terminate() })
      ws.on('close', untrack)
      // ws reports a peer's protocol error here and then closes with the right code itself.
      ws.on('error', () => {})
      resolve(ws)
    })
  })
}
