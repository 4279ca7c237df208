import { timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

/**
 * Who may talk to the server. Two rules keep web pages from using it:
 * - DNS rebinding: a page on evil.example can make its own name resolve to 127.0.0.1, and the
 *   browser then sends `Host: evil.example:PORT`. Only the server's own names are accepted
 *   (loopback names, any IP literal, and the configured --host), whatever the path.
 * - Cross-origin use: any page may open a WebSocket to 127.0.0.1, so /tap (a relay to anywhere,
 *   with the user's headers) and /api (captures and their controls) accept a browser only from
 *   exactly the app's own origins (see ownOrigins) or an --allow-origin one. Programs send no
 *   Origin and are accepted.
 * - Defence in depth against the next mistake in the Origin rule: a browser (anything sending
 *   an Origin) must also present the server's access token, a random value made at start. The
 *   app reads it from GET /api/token, which pages of other origins cannot read (no CORS, and
 *   their Origin is refused). Programs without an Origin need no token.
 */
export interface AccessPolicy {
  /** The port the server listens on (Host must carry it). */
  port: number
  /** The configured --host (a name people use to reach the server). */
  host: string
  /** Extra origins allowed to use /tap and /api, e.g. "http://localhost:5173". */
  allowOrigins: readonly string[]
  /** The access token browsers must present (query `token` or header X-Wsinspect-Token). */
  token: string
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Why the Host header is not one of the server's own, or null when it is. */
export function hostProblem(host: string | undefined, policy: AccessPolicy): string | null {
  if (!host) return 'the request has no Host header'
  if (isOwnHost(host, policy)) return null
  return `Host "${host}" is not this server's (a web page may be trying DNS rebinding); use http://127.0.0.1:${policy.port}/ or start wsinspect with --host`
}

/**
 * The origins the app itself is served from: http:// with the server's port on a loopback name
 * or the configured --host. Nothing else, not even other IP literals: any address that reaches
 * this port could be a page served by someone else on it (127.0.0.2, a LAN address, a proxy).
 */
export function ownOrigins(policy: Pick<AccessPolicy, 'port' | 'host'>): string[] {
  const names = new Set([...LOOPBACK_NAMES, hostName(policy.host)])
  return [...names].map((name) => new URL(`http://${name}:${policy.port}`).origin)
}

/** Why a browser with this Origin may not use /tap or /api, or null when it may. */
export function originProblem(origin: string | undefined, policy: AccessPolicy): string | null {
  if (origin === undefined) return null
  // Exact comparison: 'null' (sandboxed frames, file: pages), paths and other schemes never match.
  if (policy.allowOrigins.includes(origin) || ownOrigins(policy).includes(origin.toLowerCase())) return null
  return `Origin "${origin}" may not use this endpoint: only the wsinspect app (http://127.0.0.1:${policy.port}) or an origin given with --allow-origin may`
}

/** Why a request with this Origin and token may not use /tap or /api, or null when it may. */
export function tokenProblem(origin: string | undefined, given: string | null | undefined, policy: AccessPolicy): string | null {
  if (origin === undefined) return null
  if (given && sameSecret(given, policy.token)) return null
  return `${given ? 'a wrong' : 'no'} access token: a browser must present this server's token (the wsinspect app reads it from /api/token), as the query parameter token or the header X-Wsinspect-Token`
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The --host as it appears in a URL's host (IPv6 in brackets). */
function hostName(host: string): string {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '')
  return isIP(bare) === 6 ? `[${bare}]` : bare
}

function isOwnHost(hostHeader: string, policy: AccessPolicy): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase())
  if (!match) return false
  const [, name, port] = match
  const portOk = port === undefined ? policy.port === 80 : Number(port) === policy.port
  if (!portOk) return false
  if (LOOPBACK_NAMES.has(name) || name === policy.host.toLowerCase()) return true
  // IP literals cannot be rebound: a page only reaches them by address, not by its own name.
  return isIP(name.replace(/^\[|\]$/g, '')) !== 0
}
