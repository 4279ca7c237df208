import { BlockList, isIP, type Socket } from 'node:net'
import { networkInterfaces } from 'node:os'
import { TAP_PATH } from '../shared/capture-api.ts'
import type { TapTarget } from './tap-target.ts'
import { RequestRefused } from './upgrade-request.ts'

/** Addresses that reach this machine whatever interface the server listens on. */
const LOCAL = new BlockList()
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4')
LOCAL.addAddress('0.0.0.0', 'ipv4')
LOCAL.addAddress('::1', 'ipv6')
LOCAL.addAddress('::', 'ipv6')

/**
 * Keeps the tap from tapping itself. `/tap?target=ws://127.0.0.1:PORT/tap?target=…` nested N
 * deep would hold N+1 connections and decode every message N+1 times; a proxy listener aimed
 * at itself would loop until the connection limit. Two checks:
 * - by name, before connecting: a target on this machine (a loopback name or address, the
 *   wildcard addresses, the --host, this machine's interface addresses) whose port is a proxy
 *   listener of this server, or the main port with the /tap path, is refused with 403. Other
 *   paths of the main port (/echo, /stream…) are endpoints, not relays: tapping them is fine
 *   and the app's Learn page does it.
 * - by connection, whatever name got there (a DNS name resolving to 127.0.0.1): a /tap request
 *   arriving over one of this server's own upstream sockets is refused, so nesting stops at
 *   one level.
 * A relay outside the server (a TCP port forwarder) is not recognised.
 */
export class TapLoopGuard {
  /** Ports of this server's proxy listeners. */
  private readonly proxyPorts = new Set<number>()
  /** "address:port" of this server's live upstream sockets, as their peer sees them. */
  private readonly upstreamEnds = new Set<string>()

  constructor(
    private readonly mainPort: number,
    private readonly host: string,
  ) {}

  addProxyPort(port: number): () => void {
    this.proxyPorts.add(port)
    return () => this.proxyPorts.delete(port)
  }

  /** Throws the 403 when the target is this server's tap or one of its proxy listeners. */
  checkTarget(target: TapTarget): void {
    const onPort = this.proxyPorts.has(target.port)
      ? 'a proxy listener of this wsinspect'
      : target.port === this.mainPort && new URL(target.url).pathname === TAP_PATH
        ? "this wsinspect's own tap"
        : null
    if (onPort && this.isThisMachine(target.hostname)) {
      throw new RequestRefused(403, `the target ${target.url} is ${onPort}: a tap of the tap would only relay to itself; give the real target instead`)
    }
  }

  /** Records an upstream socket, so a request arriving over it is known to be our own. */
  watch(socket: Socket): void {
    socket.once('connect', () => {
      const end = endpoint(socket.localAddress, socket.localPort)
      if (!end) return
      this.upstreamEnds.add(end)
      socket.once('close', () => this.upstreamEnds.delete(end))
    })
  }

  /** Throws the 403 when a request comes from one of this server's own upstream sockets. */
  checkClient(address: string | undefined, port: number | undefined): void {
    const end = endpoint(address, port)
    if (end && this.upstreamEnds.has(end)) {
      throw new RequestRefused(
        403,
        "this request comes from this wsinspect's own tap: a tap of the tap would only relay to itself; give the real target instead",
      )
    }
  }

  private isThisMachine(hostname: string): boolean {
    const name = hostname.toLowerCase().replace(/\.$/, '')
    if (name === 'localhost' || name.endsWith('.localhost') || name === this.host.toLowerCase().replace(/^\[|\]$/g, '')) return true
    const family = isIP(name)
    if (family === 0) return false
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (LOCAL.check(name, type)) return true
    return Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address.toLowerCase() === name))
  }
}

/** "address:port" with IPv4-mapped IPv6 addresses written as IPv4, or null. */
function endpoint(address: string | undefined, port: number | undefined): string | null {
  if (!address || !port) return null
  return `${address.replace(/^::ffff:(?=\d+\.)/i, '')}:${port}`
}
