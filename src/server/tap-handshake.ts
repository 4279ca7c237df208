import type { HandshakeRequest } from '../protocol/index.ts'
import type { TapSettings } from './tap-sessions.ts'

/**
 * The request the tap sends upstream: the client's own fields in their order and case, so
 * its key, subprotocols and extension offers reach the target and the real negotiation
 * happens end to end. Only Host is rewritten (to the target's), Origin when asked, and the
 * session's headers replace the client's fields of the same names.
 */
export function upstreamRequest(clientHeaders: readonly [string, string][], settings: TapSettings): { text: string; request: HandshakeRequest } {
  const replaced = new Set(settings.headers.map(([name]) => name.toLowerCase()))
  const headers: [string, string][] = []
  let hasOrigin = false
  for (const [name, value] of clientHeaders) {
    const lower = name.toLowerCase()
    if (lower === 'host') headers.push([name, settings.target.host])
    else if (lower === 'origin') {
      hasOrigin = true
      headers.push([name, settings.origin ?? value])
    } else if (!replaced.has(lower)) headers.push([name, value])
  }
  if (!hasOrigin && settings.origin !== null) headers.push(['Origin', settings.origin])
  headers.push(...settings.headers)
  const request: HandshakeRequest = { method: 'GET', url: settings.target.path, httpVersion: 'HTTP/1.1', headers }
  const text = `GET ${request.url} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`
  return { text, request }
}
