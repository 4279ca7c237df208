/**
 * What the connect bar's fields may hold: a WebSocket URL, a subprotocol list and (through the
 * tap) extra handshake headers, each checked before connecting with the reason in words:
 * the browser's own SyntaxError ("The URL 'x' is invalid") says little, and some mistakes
 * (an http:// URL, a missing scheme, ws:// from an https:// page) deserve a suggestion.
 */
import { err, ok, type Result } from '../../protocol/index.ts'

export type UrlCheck = Result<string>

export function checkSocketUrl(input: string, pageProtocol = 'http:'): UrlCheck {
  const text = input.trim()
  if (!text) return err('Enter a ws:// or wss:// URL.')
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return err(`“${text}” has no scheme: a WebSocket URL starts with ws:// or wss:// (did you mean ws://${text}?)`)
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return err(`“${text}” is not a valid URL: check the host name and the port (1–65535).`)
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const suggestion = text.replace(/^http/i, 'ws')
    return err(`${url.protocol}// is an HTTP URL. WebSocket URLs use ws:// (wss:// for TLS): try ${suggestion}`)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return err(`${url.protocol}// is not a WebSocket scheme: use ws:// or wss://.`)
  }
  if (url.hash || text.includes('#')) {
    return err('A WebSocket URL cannot have a fragment (#…): RFC 6455 §3 forbids it. Remove the part from #.')
  }
  if (pageProtocol === 'https:' && url.protocol === 'ws:') {
    return err('This page is served over HTTPS, so the browser blocks unencrypted ws:// connections (mixed content). Use wss://.')
  }
  return ok(url.toString())
}

/** RFC 7230 token: what a Sec-WebSocket-Protocol element must be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export type ProtocolsCheck = Result<string[]>

/** Parses "chat, superchat": the browser throws on invalid or repeated subprotocols. */
export function checkProtocols(input: string): ProtocolsCheck {
  const protocols = input
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  const bad = protocols.find((p) => !TOKEN.test(p))
  if (bad !== undefined) return err(`Subprotocol “${bad}” is not a token: no spaces, quotes or separators such as / ; = ( ).`)
  const repeated = protocols.find((p, i) => protocols.indexOf(p) !== i)
  if (repeated !== undefined) return err(`Subprotocol “${repeated}” is offered twice: each may appear once.`)
  return ok(protocols)
}

/** Extra handshake headers as typed in the connect bar: one "Name: value" per line. */
export type HeaderLines = Result<[string, string][]>

export function parseHeaderLines(text: string): HeaderLines {
  const headers: [string, string][] = []
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (!line) continue
    const colon = line.indexOf(':')
    const name = colon < 0 ? line : line.slice(0, colon).trim()
    if (colon < 0 || !TOKEN.test(name)) return err(`Header line ${n + 1} (“${line}”) is not “Name: value”.`)
    headers.push([name, line.slice(colon + 1).trim()])
  }
  return ok(headers)
}
