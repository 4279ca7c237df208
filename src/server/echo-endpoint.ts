import type { RawData, WebSocket } from 'ws'
import { acceptWebSocket } from './accept-websocket.ts'
import { deflateFromQuery, DEFLATE_QUERY_PARAMS } from './deflate-query.ts'
import { checkKnownParams } from './query-params.ts'
import type { UpgradeHandler } from './server-context.ts'

/** `/echo`: every text or binary message comes back as it was sent (permessage-deflate on by default). */
export const handleEcho: UpgradeHandler = async (req, socket, head, url, context) => {
  checkKnownParams(url.searchParams, DEFLATE_QUERY_PARAMS)
  const perMessageDeflate = deflateFromQuery(url.searchParams)
  const ws = await acceptWebSocket(req, socket, head, { perMessageDeflate, maxPayload: context.limits.maxMessageBytes }, context.tracker)
  echo(ws, context.limits.highWaterMark)
}

/**
 * Echoes with flow control: a client that sends faster than it reads its echoes would make
 * the server queue without bound, so reading pauses while more than `highWaterMark` bytes of
 * echoes are unsent and resumes once half of them are out.
 */
function echo(ws: WebSocket, highWaterMark: number): void {
  let unsent = 0
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const size = (data as Buffer).length
    unsent += size
    if (unsent > highWaterMark && !ws.isPaused) ws.pause()
    ws.send(data, { binary: isBinary }, () => {
      unsent -= size
      if (ws.isPaused && unsent <= highWaterMark / 2) ws.resume()
    })
  })
}
