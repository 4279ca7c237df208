import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { CAPTURES_PATH, FRAME_PAYLOAD_KEPT, TAP_PATH } from '../shared/capture-api.ts'
import { CHECK_PATH } from '../shared/check-api.ts'
import { acceptWebSocket } from './accept-websocket.ts'
import { admitUpgrade } from './admission.ts'
import { handleApi } from './api-routes.ts'
import { broadcastEndpoint } from './broadcast-endpoint.ts'
import { handleCheck } from './check-endpoint.ts'
import { CapturesHub } from './captures-hub.ts'
import { ConnectionTracker } from './connections.ts'
import { handleEcho } from './echo-endpoint.ts'
import { DEFAULT_LIMITS, type Limits } from './limits.ts'
import { listen } from './listen.ts'
import { listenAppProxy, type AppProxyOptions } from './app-proxy.ts'
import { listenProxy, type ProxyListener } from './proxy-listener.ts'
import { handleScenario } from './scenario-endpoint.ts'
import { hostProblem, tokenProblem, type AccessPolicy } from './security.ts'
import type { ServerContext, UpgradeHandler } from './server-context.ts'
import { sendBuildingPage, sendText, serveStatic } from './static-files.ts'
import { streamEndpoint } from './stream-endpoint.ts'
import { handleTap } from './tap-endpoint.ts'
import { TapLoopGuard } from './tap-loop.ts'
import { TapSessions, type TapSettings } from './tap-sessions.ts'
import { rejectOnSocket, requestFromIncoming, RequestRefused } from './upgrade-request.ts'

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number
  host: string
  /** Origins besides the app's own allowed to use /tap and /api (--allow-origin). */
  allowOrigins?: readonly string[]
  limits?: Partial<Limits>
  /** The built app to serve (dist/), or null to serve the endpoints only. */
  appDir: string | null
  /** True while the app is being built: pages then say so and reload themselves. */
  appBuilding?: () => boolean
  /** Where to report internal errors (a bug, never a peer's bad input). */
  log?: (line: string) => void
}

export interface CompanionServer {
  /** http://HOST:PORT/ */
  readonly url: string
  readonly port: number
  readonly context: ServerContext
  /** Starts a reverse-proxy tap on its own port (`wsinspect tap --listen`). */
  listenProxy(port: number, settings: TapSettings): Promise<ProxyListener>
  /** Starts a reverse proxy for a whole app on its own port (`wsinspect proxy`). */
  listenAppProxy(port: number, options: AppProxyOptions): Promise<ProxyListener>
  /** Closes every connection with 1001 and stops listening. */
  close(): Promise<void>
}

/** How long peers get to answer the shutdown's Close 1001 before their sockets are destroyed. */
const SHUTDOWN_GRACE_MS = 2_000

interface Route {
  handler: UpgradeHandler
  /** Browsers may use it only from the app's origin (see security.ts). */
  guarded: boolean
}

const captures: UpgradeHandler = async (req, socket, head, _url, context) => {
  // Room for an `inject` command whose payload is the largest message, in base64.
  const maxPayload = Math.ceil((context.limits.maxMessageBytes * 4) / 3) + 64 * 1024
  // No permessage-deflate: the feed runs to the app on this machine, where compressing every
  // batch cost the server as much main-thread time as compressing the tapped stream itself.
  const ws = await acceptWebSocket(req, socket, head, { perMessageDeflate: false, maxPayload }, context.tracker)
  context.hub.attach(ws)
}

/**
 * The companion server: one port for the app (static files), the JSON API, and every
 * WebSocket endpoint. Every request passes the Host check first; /tap and /api also the
 * Origin check; upgrades must be valid RFC 6455 handshakes within the connection limit.
 */
export async function startCompanionServer(options: ServerOptions): Promise<CompanionServer> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const server = createServer({
    headersTimeout: limits.handshakeTimeoutMs,
    requestTimeout: Math.max(limits.handshakeTimeoutMs, 30_000),
    // Node looks for requests past their timeout every 30 s by default: too coarse for the handshake timeout.
    connectionsCheckingInterval: Math.min(1000, limits.handshakeTimeoutMs),
  })
  const port = await listen(server, options.port, options.host)
  const policy: AccessPolicy = { port, host: options.host, allowOrigins: options.allowOrigins ?? [], token: randomBytes(32).toString('base64url') }
  const context: ServerContext = {
    limits,
    policy,
    tracker: new ConnectionTracker(),
    hub: new CapturesHub({
      maxMessageBytes: limits.maxMessageBytes,
      subscriberBufferBytes: limits.subscriberBufferBytes,
      frameBounds: { frames: limits.framesKept, bytes: limits.framesKeptBytes, totalBytes: limits.framesKeptTotalBytes, payload: FRAME_PAYLOAD_KEPT },
    }),
    taps: new TapSessions(),
    loops: new TapLoopGuard(port, options.host),
  }
  const routes: Record<string, Route> = {
    '/echo': { handler: handleEcho, guarded: false },
    '/stream': { handler: streamEndpoint(), guarded: false },
    '/broadcast': { handler: broadcastEndpoint(), guarded: false },
    '/scenario/': { handler: handleScenario, guarded: false },
    [TAP_PATH]: { handler: handleTap, guarded: true },
    [CAPTURES_PATH]: { handler: captures, guarded: true },
    [CHECK_PATH]: { handler: handleCheck, guarded: true },
  }
  const routeOf = (path: string): Route | undefined => routes[path] ?? (path.startsWith('/scenario/') ? routes['/scenario/'] : undefined)

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until a handler takes the socket, a peer's reset must not become an unhandled error.
    socket.on('error', () => socket.destroy())
    try {
      const url = requestUrl(req, policy)
      const route = routeOf(url.pathname)
      if (!route)
        throw new RequestRefused(
          404,
          `no WebSocket endpoint at ${url.pathname} (there are /echo, /stream, /broadcast, /scenario/NAME, ${TAP_PATH} and ${CAPTURES_PATH})`,
        )
      admitUpgrade(requestFromIncoming(req), req.headers.origin, route.guarded, policy, context)
      const tokenIssue = route.guarded ? tokenProblem(req.headers.origin, url.searchParams.get('token'), policy) : null
      if (tokenIssue) throw new RequestRefused(403, tokenIssue)
      await route.handler(req, socket, head, url, context)
    } catch (e) {
      rejectOnSocket(socket, refusal(e, log))
    }
  }

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = requestUrl(req, policy)
      if (url.pathname.startsWith('/api/')) return await handleApi(req, res, url, context)
      if (routeOf(url.pathname)) {
        return sendText(res, 426, `${url.pathname} is a WebSocket endpoint: connect to ws://${req.headers.host}${url.pathname}`, { Upgrade: 'websocket' })
      }
      if (!options.appDir) return sendText(res, 404, 'this server serves no app')
      if (options.appBuilding?.()) return sendBuildingPage(req, res)
      await serveStatic(req, res, options.appDir, url.pathname)
    } catch (e) {
      const refused = refusal(e, log)
      if (!res.headersSent) sendText(res, refused.status, refused.message, refused.headers)
      else res.destroy()
    }
  }

  server.on('upgrade', (req, socket, head) => void onUpgrade(req, socket, head))
  server.on('request', (req, res) => void onRequest(req, res))
  // Requests Node's HTTP parser cannot read at all (bad method, header syntax, timeouts).
  server.on('clientError', (error: NodeJS.ErrnoException & { reason?: string }, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
    rejectOnSocket(socket, new RequestRefused(status, `malformed HTTP request: ${error.reason ?? error.message}`))
  })

  const proxies: ProxyListener[] = []
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}/`,
    port,
    context,
    async listenProxy(proxyPort, settings) {
      const proxy = await listenProxy({ port: proxyPort, host: options.host }, settings, context)
      proxies.push(proxy)
      return proxy
    },
    async listenAppProxy(proxyPort, proxyOptions) {
      const proxy = await listenAppProxy({ port: proxyPort, host: options.host }, proxyOptions, context)
      proxies.push(proxy)
      return proxy
    },
    async close() {
      server.close()
      for (const proxy of proxies) proxy.close()
      await context.tracker.closeAll(SHUTDOWN_GRACE_MS)
      server.closeAllConnections()
    },
  }
}

/** The request's URL, once its Host has passed the DNS-rebinding check. */
function requestUrl(req: IncomingMessage, policy: AccessPolicy): URL {
  const problem = hostProblem(req.headers.host, policy)
  if (problem) throw new RequestRefused(403, problem)
  try {
    return new URL(req.url ?? '/', 'http://wsinspect.invalid')
  } catch {
    throw new RequestRefused(400, `the request target ${req.url} is not a valid path`)
  }
}

/** A RequestRefused as is; anything else is a bug: logged, and answered with 500. */
function refusal(error: unknown, log: (line: string) => void): RequestRefused {
  if (error instanceof RequestRefused) return error
  log(`wsinspect: internal error: ${(error as Error)?.stack ?? error}`)
  return new RequestRefused(500, `internal error: ${(error as Error)?.message ?? error}`)
}
