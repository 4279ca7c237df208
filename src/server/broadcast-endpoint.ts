import type { RawData, WebSocket } from 'ws'
import { acceptWebSocket } from './accept-websocket.ts'
import { deflateFromQuery, DEFLATE_QUERY_PARAMS } from './deflate-query.ts'
import { checkKnownParams } from './query-params.ts'
import { RequestRefused } from './upgrade-request.ts'
import type { UpgradeHandler } from './server-context.ts'

const BROADCAST_PARAMS = ['room', ...DEFLATE_QUERY_PARAMS]
const ROOM = /^[\w.-]{1,64}$/

/**
 * `/broadcast?room=NAME`: what one client sends, every client in the room (the sender too)
 * receives. A member that stops reading would make the server queue every message for it,
 * so once more than the high-water mark is waiting for it, it is closed with 1013 (Try Again
 * Later) instead.
 */
export function broadcastEndpoint(): UpgradeHandler {
  /** Members of each room of this server. */
  const rooms = new Map<string, Set<WebSocket>>()
  return async (req, socket, head, url, context) => {
    const params = url.searchParams
    checkKnownParams(params, BROADCAST_PARAMS)
    const room = params.get('room') ?? 'lobby'
    if (!ROOM.test(room)) throw new RequestRefused(400, `room must be 1 to 64 letters, digits, "_", "." or "-", not "${room}"`)
    const perMessageDeflate = deflateFromQuery(params)
    const ws = await acceptWebSocket(req, socket, head, { perMessageDeflate, maxPayload: context.limits.maxMessageBytes }, context.tracker)
    const members = rooms.get(room) ?? new Set<WebSocket>()
    rooms.set(room, members.add(ws))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      for (const member of members) {
        if (member.readyState !== member.OPEN) continue
        if (member.bufferedAmount > context.limits.highWaterMark) member.close(1013, 'reader too slow for the broadcast')
        else member.send(data, { binary: isBinary })
      }
    })
    ws.on('close', () => {
      members.delete(ws)
      if (members.size === 0) rooms.delete(room)
    })
  }
}
