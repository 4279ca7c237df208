import { RequestRefused } from './upgrade-request.ts'

/** Where the tap connects, read from a ws:// or wss:// URL. */
export interface TapTarget {
  /** The URL as normalised by WHATWG URL parsing. */
  url: string
  secure: boolean
  /** Without IPv6 brackets, as node:net wants it. */
  hostname: string
  port: number
  /** The Host header the target expects (the port only when it is not the default). */
  host: string
  /** Path and query: the request-target of the upstream request. */
  path: string
}

function refuse(message: string): RequestRefused {
  return new RequestRefused(400, message)
}

export function parseTarget(text: string | null | undefined): TapTarget {
  if (!text) throw refuse('target is required: the ws:// or wss:// URL to tap, e.g. /tap?target=wss%3A%2F%2Fexample.com%2Fsocket')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw refuse(`target "${text}" is not a URL; give a ws:// or wss:// URL (URL-encoded in the query)`)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    const hint = url.protocol === 'http:' || url.protocol === 'https:' ? ` (did you mean ${url.protocol === 'https:' ? 'wss' : 'ws'}://?)` : ''
    throw refuse(`target must be a ws:// or wss:// URL, not ${url.protocol}//${hint}`)
  }
  if (url.hash) throw refuse('target must not have a fragment (#…): WebSocket URLs have none (RFC 6455 §3)')
  if (url.username || url.password) throw refuse('target must not carry user:password; register an Authorization header with POST /api/taps instead')
  if (!url.hostname) throw refuse(`target "${text}" has no host`)
  const secure = url.protocol === 'wss:'
  return {
    url: url.href,
    secure,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    host: url.host,
    path: `${url.pathname}${url.search}`,
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Fields the tap owns (Host) or that belong to the client's own handshake and must reach the target unchanged. */
const RESERVED = /^(host|connection|upgrade|content-length|transfer-encoding|sec-websocket-.*)$/i

/** Checks user-chosen upstream headers: real field names and values that cannot smuggle a line break. */
export function checkExtraHeaders(headers: unknown): [string, string][] {
  if (headers === undefined) return []
  if (!Array.isArray(headers)) throw refuse('headers must be a list of [name, value] pairs')
  return headers.map((pair): [string, string] => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw refuse(`each header must be a [name, value] pair of strings, not ${JSON.stringify(pair)}`)
    }
    const [name, value] = pair
    if (!TOKEN.test(name)) throw refuse(`"${name}" is not a valid header name`)
    if (RESERVED.test(name)) throw refuse(`the ${name} header cannot be set: the tap sets Host, and the client's handshake fields go through unchanged`)
    checkHeaderValue(name, value)
    return [name, value]
  })
}

export function checkHeaderValue(name: string, value: string): void {
  // Visible ASCII, spaces, tabs and obs-text only: a CR or LF would start a new header line.
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw refuse(`the value of ${name} holds a line break or control character`)
}
