import { parseTarget, type TapTarget } from './tap-target.ts'

/** The app behind `wsinspect proxy`: one origin, reached over HTTP(S), its sockets over WS(S). */
export interface AppTarget {
  /** "http://localhost:3000" as browsers write origins. */
  origin: string
  secure: boolean
  /** Without IPv6 brackets, as node:net wants it. */
  hostname: string
  port: number
  /** The Host header the app expects. */
  host: string
}

/** Why `text` is not an http(s) origin, or the target. Messages are one line for the CLI. */
export function parseAppTarget(text: string): AppTarget | string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `TARGET "${text}" is not a URL: give the app's origin, e.g. http://localhost:3000`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `TARGET must be an http:// or https:// origin (the app's pages; its WebSockets follow), not ${url.protocol}//`
  }
  if (url.username || url.password) return 'TARGET must not carry user:password'
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return `TARGET is the app's origin only (scheme://host:port), not "${text}": every path is proxied, so drop "${url.pathname}${url.search}${url.hash}"`
  }
  const secure = url.protocol === 'https:'
  return {
    origin: url.origin,
    secure,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    host: url.host,
  }
}

/** The WebSocket target for an upgrade request to `path` (path and query, as the client sent it). */
export function socketTarget(app: AppTarget, path: string): TapTarget {
  return parseTarget(`${app.secure ? 'wss' : 'ws'}://${app.host}${path}`)
}
