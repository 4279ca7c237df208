import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { admitUpgrade } from './admission.ts'
import { socketTarget, type AppTarget } from './app-target.ts'
import { listen } from './listen.ts'
import type { ProxyListener } from './proxy-listener.ts'
import { hostProblem, originProblem, type AccessPolicy } from './security.ts'
import type { ServerContext } from './server-context.ts'
import { startTap } from './tap-relay.ts'
import { rejectOnSocket, requestFromIncoming, RequestRefused } from './upgrade-request.ts'

export interface AppProxyOptions {
  target: AppTarget
  /** Accept any certificate from an https:// target. */
  insecure: boolean
}

/**
 * Fields about one hop, not the message (RFC 9110 §7.6.1): each side sets its own.
 * Transfer-Encoding stays: Node decodes chunked bodies and, seeing the field, chunks them
 * again on the other side, whatever the method.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const CONNECT_REFUSED = 'wsinspect proxy is a reverse proxy for one app, not a forward proxy: CONNECT is refused'

/**
 * `wsinspect proxy TARGET`: a reverse proxy for one origin. Every HTTP request goes to the
 * target as it came (method, path, fields, body streamed both ways; only Host, an Origin naming
 * the proxy, and hop-by-hop fields change) and every WebSocket upgrade goes through the tap, as
 * a capture in mode 'proxy'. Bodies are never read or changed; `Location` fields that name
 * the target are rewritten to the proxy so redirects stay on it.
 *
 * Never an open relay: the only host ever contacted is the target; absolute-form request
 * targets and CONNECT are refused; Host must be the proxy's own (DNS rebinding), and a
 * browser's cross-origin upgrade or state-changing request is refused unless it comes from
 * the proxied app's own pages (or an --allow-origin).
 */
export async function listenAppProxy(address: { port: number; host: string }, options: AppProxyOptions, context: ServerContext): Promise<ProxyListener> {
  const { target, insecure } = options
  const agent = target.secure
    ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: !insecure, servername: isIP(target.hostname) ? undefined : target.hostname })
    : new HttpAgent({ keepAlive: true })
  const server = createServer({
    headersTimeout: context.limits.handshakeTimeoutMs,
    // Uploads and downloads of any size and duration: the app decides how long they may take.
    requestTimeout: 0,
    connectionsCheckingInterval: Math.min(1000, context.limits.handshakeTimeoutMs),
  })
  const port = await listen(server, address.port, address.host)
  // The app's own pages may open its sockets whether loaded through the proxy or from the app itself.
  const policy: AccessPolicy = { ...context.policy, port, allowOrigins: [...context.policy.allowOrigins, target.origin] }

  const refuse = (res: ServerResponse, refused: RequestRefused) => {
    if (res.headersSent) return res.destroy()
    const body = `${refused.message}\n`
    // A refused client gets no second request on this connection.
    res.writeHead(refused.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
      ...refused.headers,
    })
    res.end(body)
  }

  /** Sockets serving plain HTTP (upgraded ones belong to their tap, which closes them with 1001). */
  const httpSockets = new Set<Socket>()
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!httpSockets.has(req.socket)) {
      httpSockets.add(req.socket)
      req.socket.once('close', () => httpSockets.delete(req.socket))
    }
    try {
      checkRequest(req, policy, false)
    } catch (e) {
      return refuse(res, e as RequestRefused)
    }
    const proxyOrigin = `http://${req.headers.host}`
    const upstream = (target.secure ? httpsRequest : httpRequest)({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req.rawHeaders, target, proxyOrigin),
      agent,
      setHost: false,
    })
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, returnedHeaders(answer.rawHeaders, target, proxyOrigin))
      answer.pipe(res)
      // The client went away mid-body: stop reading the app's answer.
      res.on('close', () => {
        if (!res.writableFinished) answer.destroy()
      })
    })
    upstream.on('error', (error: NodeJS.ErrnoException) =>
      refuse(res, new RequestRefused(502, `wsinspect proxy: ${target.origin} did not answer: ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' '))),
    )
    req.pipe(upstream)
    req.on('aborted', () => upstream.destroy())
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    try {
      checkRequest(req, policy, true)
      const request = requestFromIncoming(req)
      admitUpgrade(request, req.headers.origin, true, policy, context)
      const proxyOrigin = `http://${req.headers.host}`
      startTap(
        {
          mode: 'proxy',
          captureId: null,
          settings: {
            target: socketTarget(target, req.url ?? '/'),
            headers: [],
            // The app sees its own origin, as if its page had been loaded from it.
            origin: req.headers.origin === proxyOrigin ? target.origin : null,
            insecure,
          },
          socket: socket as Socket,
          head,
          headers: request.headers,
          address: `${(socket as Socket).remoteAddress}:${(socket as Socket).remotePort}`,
        },
        context,
      )
    } catch (e) {
      if (!(e instanceof RequestRefused)) throw e
      rejectOnSocket(socket, e)
    }
  })

  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy())
    rejectOnSocket(socket, new RequestRefused(405, CONNECT_REFUSED))
  })

  server.on('clientError', (error: NodeJS.ErrnoException & { reason?: string }, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
    rejectOnSocket(socket, new RequestRefused(status, `malformed HTTP request: ${error.reason ?? error.message}`))
  })

  return {
    port,
    close() {
      server.close()
      for (const socket of httpSockets) socket.destroy()
      agent.destroy()
    },
  }
}

/** Host, the request target and Origin: what keeps the proxy from serving anyone but its user, or anywhere but the target. */
function checkRequest(req: IncomingMessage, policy: AccessPolicy, upgrade: boolean): void {
  const hostIssue = hostProblem(req.headers.host, policy)
  if (hostIssue) throw new RequestRefused(403, hostIssue)
  if (req.method === 'CONNECT') throw new RequestRefused(405, CONNECT_REFUSED)
  if (!req.url?.startsWith('/'))
    throw new RequestRefused(400, `wsinspect proxy forwards paths of its target only, not the request target "${req.url?.slice(0, 80)}"`)
  if (upgrade || SAFE_METHODS.has(req.method ?? '')) return
  // A page elsewhere could otherwise make the user's browser post to the app through the proxy.
  const originIssue = originProblem(req.headers.origin, policy)
  if (originIssue) throw new RequestRefused(403, originIssue)
}

/** The request's fields for the target, in order and case: Host is the target's, hop-by-hop fields go. */
export function forwardedHeaders(raw: readonly string[], target: AppTarget, proxyOrigin: string): Record<string, string | string[]> {
  const hop = hopFields(raw)
  const headers: Record<string, string | string[]> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [name, value] = [raw[i], raw[i + 1]]
    const lower = name.toLowerCase()
    // Node's server already answered "100 Continue"; the target must not wait for it again.
    if (hop.has(lower) || lower === 'expect') continue
    if (lower === 'host') add(headers, name, target.host)
    else if (lower === 'origin' && value === proxyOrigin) add(headers, name, target.origin)
    else add(headers, name, value)
  }
  return headers
}

/** The answer's fields for the client: hop-by-hop fields go, a Location naming the target names the proxy. */
export function returnedHeaders(raw: readonly string[], target: AppTarget, proxyOrigin: string): string[] {
  const hop = hopFields(raw)
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase()
    if (hop.has(lower)) continue
    out.push(raw[i], lower === 'location' ? rewriteLocation(raw[i + 1], target, proxyOrigin) : raw[i + 1])
  }
  return out
}

/** An absolute (or scheme-relative) URL on the target's origin, moved to the proxy's; anything else as is. */
export function rewriteLocation(location: string, target: AppTarget, proxyOrigin: string): string {
  let url: URL
  try {
    url = new URL(location, `${target.origin}/`)
  } catch {
    return location
  }
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location) || location.startsWith('//')
  if (!absolute || url.origin !== target.origin) return location
  return `${proxyOrigin}${location.replace(/^([a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i, '')}`
}

function hopFields(raw: readonly string[]): Set<string> {
  const hop = new Set(HOP_BY_HOP)
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const token of raw[i + 1].split(',')) hop.add(token.trim().toLowerCase())
  }
  return hop
}

function add(headers: Record<string, string | string[]>, name: string, value: string): void {
  const existing = headers[name]
  if (existing === undefined) headers[name] = value
  else headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value]
}
