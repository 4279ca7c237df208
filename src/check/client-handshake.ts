import { encodeBase64, err, ok, type Result } from '../protocol/index.ts'
import type { HandshakeOutcome, RequestSpec } from './case-definition.ts'

/** Where to connect and what to send besides the WebSocket fields. */
export interface Target {
  url: string
  secure: boolean
  host: string
  port: number
  /** Request-target: path and query. */
  path: string
  origin?: string
  /** Extra request fields (`--header`), in order. */
  headers: [string, string][]
}

/** Reads a ws:// or wss:// URL; a message for anything else. */
export function parseTarget(url: string, options: { origin?: string; headers?: [string, string][] } = {}): Result<Target> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return err(`"${url}" is not a URL (expected ws://host[:port]/path or wss://…)`)
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return err(`"${url}" is not a ws:// or wss:// URL`)
  if (parsed.username || parsed.password) return err('the URL must not carry a user name or password')
  const secure = parsed.protocol === 'wss:'
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  return ok({
    url: parsed.href,
    secure,
    host,
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 80,
    path: `${parsed.pathname || '/'}${parsed.search}`,
    origin: options.origin,
    headers: options.headers ?? [],
  })
}

/** Largest response head read: a server sending more is not answering a handshake. */
export const MAX_RESPONSE_HEAD = 16 * 1024

export function freshKey(random: (b: Uint8Array<ArrayBuffer>) => void): string {
  const bytes = new Uint8Array(16)
  random(bytes)
  return encodeBase64(bytes)
}

/** The opening handshake request (RFC 6455 §4.1) with the case's variations. */
export function buildRequest(target: Target, spec: RequestSpec, defaultKey: string): { text: string; key: string | null } {
  const key = spec.key === undefined ? defaultKey : spec.key
  const version = spec.version === undefined ? '13' : spec.version
  const defaultPort = target.port === (target.secure ? 443 : 80)
  const hostValue = `${target.host.includes(':') ? `[${target.host}]` : target.host}${defaultPort ? '' : `:${target.port}`}`
  const lines = [`GET ${target.path} HTTP/1.1`, `Host: ${hostValue}`, 'Upgrade: websocket', 'Connection: Upgrade']
  if (key !== null) lines.push(`Sec-WebSocket-Key: ${key}`)
  if (version !== null) lines.push(`Sec-WebSocket-Version: ${version}`)
  if (spec.extensions) lines.push(`Sec-WebSocket-Extensions: ${spec.extensions}`)
  if (spec.protocols) lines.push(`Sec-WebSocket-Protocol: ${spec.protocols}`)
  if (target.origin) lines.push(`Origin: ${target.origin}`)
  lines.push('User-Agent: wsinspect-check')
  for (const [name, value] of target.headers) lines.push(`${name}: ${value}`)
  return { text: `${lines.join('\r\n')}\r\n\r\n`, key }
}

/** Where the response head ends (just past CRLF CRLF), or -1. */
export function headEnd(bytes: Uint8Array): number {
  for (let i = 3; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a && bytes[i - 3] === 0x0d) return i + 1
  }
  return -1
}

/** Reads a response head; null when it is not HTTP at all. */
export function readResponseHead(text: string, request: { text: string; key: string | null }): HandshakeOutcome | null {
  const lines = text.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0])
  if (!status) return null
  const headers: [string, string][] = []
  for (const line of lines.slice(1)) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
  }
  return {
    status: Number(status[1]),
    statusText: status[2] ?? '',
    headers,
    key: request.key,
    requestText: request.text,
    responseText: text,
  }
}

export function header(outcome: HandshakeOutcome, name: string): string | null {
  const wanted = name.toLowerCase()
  const values = outcome.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v)
  return values.length ? values.join(', ') : null
}
