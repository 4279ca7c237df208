import { createServer, type Socket } from 'node:net'
import { headerValues } from '../protocol/index.ts'
import { admitUpgrade } from './admission.ts'
import { parseRequestHead, readHttpHead } from './http-head.ts'
import { listen } from './listen.ts'
import { hostProblem } from './security.ts'
import type { ServerContext } from './server-context.ts'
import { startTap } from './tap-relay.ts'
import type { TapSettings } from './tap-sessions.ts'
import type { TapTarget } from './tap-target.ts'
import { rejectOnSocket, RequestRefused } from './upgrade-request.ts'

export interface ProxyListener {
  port: number
  /** Stops listening and drops the connections no tap holds yet (the server's tracker closes the taps). */
  close(): void
}

/**
 * Proxy mode (`wsinspect tap --listen PORT --target URL`): a port of its own where any
 * WebSocket client can connect as if to the target. Each connection is tapped like /tap's,
 * as a capture in mode 'proxy', and shows up in the app of the main port. There is no HTTP
 * server here: the request head is read off the raw socket, so nothing but Host changes.
 */
export async function listenProxy(address: { port: number; host: string }, settings: TapSettings, context: ServerContext): Promise<ProxyListener> {
  const server = createServer({ allowHalfOpen: true }, (socket) => void accept(socket))
  const port = await listen(server, address.port, address.host)
  const policy = { ...context.policy, port }
  const forgetPort = context.loops.addProxyPort(port)
  /** Sockets not (yet) handed to a tap: waiting for their request head, or being refused. */
  const unhanded = new Set<Socket>()

  async function accept(socket: Socket): Promise<void> {
    socket.on('error', () => socket.destroy())
    unhanded.add(socket)
    socket.on('close', () => unhanded.delete(socket))
    const head = await readHttpHead(socket, context.limits.handshakeTimeoutMs)
    if (!head.ok) {
      if (head.reason === 'closed') socket.destroy()
      else
        rejectOnSocket(
          socket,
          head.reason === 'timeout'
            ? new RequestRefused(408, 'the request head did not arrive within the handshake timeout')
            : new RequestRefused(431, 'the request head is larger than 64 KiB'),
        )
      return
    }
    try {
      const request = parseRequestHead(head.head)
      if (!request)
        throw new RequestRefused(400, `malformed HTTP request: "${head.head.toString('latin1').split('\r\n')[0].slice(0, 80)}" is not a request line`)
      const problem = hostProblem(headerValues(request.headers, 'Host')[0], policy)
      if (problem) throw new RequestRefused(403, problem)
      admitUpgrade(request, headerValues(request.headers, 'Origin')[0], true, policy, context)
      startTap(
        {
          mode: 'proxy',
          captureId: null,
          settings: { ...settings, target: proxiedTarget(settings.target, request.url) },
          socket,
          head: head.rest,
          headers: request.headers,
          address: `${socket.remoteAddress}:${socket.remotePort}`,
        },
        context,
      )
      // The tap tracks it from here on, for the connection limit and the shutdown.
      unhanded.delete(socket)
    } catch (e) {
      if (!(e instanceof RequestRefused)) throw e
      rejectOnSocket(socket, e)
    }
  }

  return {
    port,
    close() {
      server.close()
      forgetPort()
      // Nothing else would end them before the handshake timeout.
      for (const socket of unhanded) socket.destroy()
    },
  }
}

/**
 * The target for a request path: "/" (with or without a query) means the target's own path;
 * any other path replaces it, so one proxy serves every path of the target's host.
 */
function proxiedTarget(target: TapTarget, requestTarget: string): TapTarget {
  const requested = new URL(requestTarget, 'ws://wsinspect.invalid')
  const base = new URL(target.url)
  const path = requested.pathname === '/' ? `${base.pathname}${requested.search || base.search}` : `${requested.pathname}${requested.search}`
  return { ...target, path, url: new URL(path, base).href }
}
