import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { checkHandshake, type HandshakeRequest } from '../protocol/index.ts'
import { headerPairs } from './http-head.ts'

/**
 * A request the server turns down, answered as plain HTTP (before any WebSocket exists): the
 * message is one line saying exactly what was wrong, sent as the text body.
 */
export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export function requestFromIncoming(req: IncomingMessage): HandshakeRequest {
  return { method: req.method ?? '', url: req.url ?? '', httpVersion: `HTTP/${req.httpVersion}`, headers: headerPairs(req.rawHeaders) }
}

/**
 * Why an upgrade request is not a valid RFC 6455 opening handshake, or null. The core's
 * handshake checks decide, so the 400's reason names the rule and its section, as
 * `wsinspect handshake` would.
 */
export function upgradeProblem(request: HandshakeRequest): RequestRefused | null {
  const report = checkHandshake({ request, response: null, findings: [], format: 'raw-http' })
  const failed = report.checks.find((c) => !c.ok)
  if (!failed) return null
  // §4.4: a server refusing the version lists the versions it speaks.
  const headers: Record<string, string> = failed.id === 'request-version-13' ? { 'Sec-WebSocket-Version': '13' } : {}
  return new RequestRefused(400, `malformed WebSocket upgrade request: ${failed.message} (${failed.rfc})`, headers)
}

/** Writes the refusal as an HTTP response on the raw socket and closes it. */
export function rejectOnSocket(socket: Duplex, refused: RequestRefused): void {
  const body = Buffer.from(`${refused.message}\n`)
  const lines = [
    `HTTP/1.1 ${refused.status} ${STATUS_CODES[refused.status] ?? 'Error'}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    'Connection: close',
    ...Object.entries(refused.headers).map(([name, value]) => `${name}: ${value}`),
  ]
  if (socket.writable) socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]))
  else socket.destroy()
}
