import { isIP } from 'node:net'

/**
 * Who may talk to the server. Two rules keep web pages from using it:
 * - DNS rebinding: a page on evil.example can make its own name resolve to 127.0.0.1, and the
 *   browser then sends `Host: evil.example:PORT`. Only the server's own names are accepted
 *   (loopback names, any IP literal, and the configured --host), whatever the path.
 * - Cross-origin use: any page may open a WebSocket to 127.0.0.1, so /tap (a relay to anywhere,
 *   with the user's headers) and /api (captures and their controls) accept a browser only from
 *   the app's own origin or an --allow-origin one. Programs send no Origin and are accepted.
 */
export interface AccessPolicy {
  /** The port the server listens on (Host must carry it). */
  port: number
  /** The configured --host (a name people use to reach the server). */
  host: string
  /** Extra origins allowed to use /tap and /api, e.g. "http://localhost:5173". */
  allowOrigins: readonly string[]
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Why the Host header is not one of the server's own, or null when it is. */
export function hostProblem(host: string | undefined, policy: AccessPolicy): string | null {
  if (!host) return 'the request has no Host header'
  if (isOwnHost(host, policy)) return null
  return `Host "${host}" is not this server's (a web page may be trying DNS rebinding); use http://127.0.0.1:${policy.port}/ or start wsinspect with --host`
}

/** Why a browser with this Origin may not use /tap or /api, or null when it may. */
export function originProblem(origin: string | undefined, policy: AccessPolicy): string | null {
  if (origin === undefined) return null
  if (policy.allowOrigins.includes(origin)) return null
  let url: URL | null = null
  try {
    url = new URL(origin)
  } catch {
    // 'null' (sandboxed frames, file: pages) and other opaque origins are refused below.
  }
  if (url && url.protocol === 'http:' && url.origin === origin && isOwnHost(url.host, policy)) return null
  return `Origin "${origin}" may not use this endpoint: only the wsinspect app (http://127.0.0.1:${policy.port}) or an origin given with --allow-origin may`
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
