import { describe, expect, it } from 'vitest'
import { checkHandshake } from './handshake-checks.ts'
import { parseHandshake } from './handshake-parse.ts'

/** RFC 8441 §5.1's example exchange, as browsers' devtools copy HTTP/2 headers. */
const REQUEST = [
  ':method: CONNECT',
  ':protocol: websocket',
  ':scheme: https',
  ':path: /chat',
  ':authority: server.example.com',
  'sec-websocket-protocol: chat, superchat',
  'sec-websocket-extensions: permessage-deflate',
  'sec-websocket-version: 13',
  'origin: http://www.example.com',
].join('\n')
const RESPONSE = ':status: 200\nsec-websocket-protocol: chat'

const report = (text: string) => checkHandshake(parseHandshake(text))
const failed = (text: string) =>
  report(text)
    .checks.filter((c) => !c.ok)
    .map((c) => c.id)

describe('HTTP/2 handshakes (RFC 8441 extended CONNECT)', () => {
  it('passes the RFC 8441 example: no false failures from the HTTP/1.1 rules', () => {
    const r = report(`${REQUEST}\n\n${RESPONSE}`)
    expect(r.checks.filter((c) => !c.ok)).toEqual([])
    const ids = r.checks.map((c) => c.id)
    expect(ids).toEqual(
      expect.arrayContaining(['h2-method-connect', 'h2-protocol-websocket', 'h2-scheme-path', 'h2-response-status-2xx', 'request-version-13']),
    )
    for (const http1 of [
      'request-method-get',
      'request-upgrade-websocket',
      'request-connection-upgrade',
      'request-key-valid',
      'response-status-101',
      'accept-matches-key',
    ]) {
      expect(ids).not.toContain(http1)
    }
    expect(r.subprotocol).toBe('chat')
  })

  it('applies RFC 8441’s own rules: :protocol websocket, :scheme and :path, no Upgrade or Connection, a 2xx answer', () => {
    expect(failed(REQUEST.replace(':protocol: websocket', ':protocol: webtransport'))).toEqual(['h2-protocol-websocket'])
    expect(failed(REQUEST.replace(':scheme: https\n', ''))).toEqual(['h2-scheme-path'])
    expect(failed(`${REQUEST}\nupgrade: websocket\nconnection: Upgrade`)).toEqual(['h2-request-no-connection-fields'])
    expect(failed(REQUEST.replace('sec-websocket-version: 13', 'sec-websocket-version: 8'))).toEqual(['request-version-13'])
    expect(failed(`${REQUEST}\n\n:status: 403`)).toEqual(['h2-response-status-2xx'])
  })

  it('keeps checking an HTTP/1.1 handshake by RFC 6455 §4', () => {
    const http1 =
      'GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\nHTTP/1.1 200 OK\r\n\r\n'
    expect(failed(http1)).toEqual(['response-status-101'])
  })
})
