import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkHandshake, type HandshakeCheck } from './handshake-checks.ts'
import { parseHandshake } from './handshake-parse.ts'
import { SEED_REQUEST_BLOCK as SEED_REQUEST, SEED_RESPONSE_BLOCK as SEED_RESPONSE } from './fixtures/seed.ts'

const SEED = `${SEED_REQUEST}\n\n${SEED_RESPONSE}`

/** Captured from ws 8.23 (client and server) through a logging proxy on 127.0.0.1. */
const WS_CAPTURE =
  'GET /chat?room=1 HTTP/1.1\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: usQDXtU+ePxgKdmpdDw3DQ==\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nSec-WebSocket-Protocol: chat.v2,chat.v1\r\nOrigin: http://127.0.0.1\r\nHost: 127.0.0.1:40841\r\n\r\n' +
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: n07ASUXaeAP6Wb+JWofUMlSZb+4=\r\nSec-WebSocket-Protocol: chat.v2\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n'

type Fields = [string, string][]

/** The RFC 6455 §1.3 example, extended with an extension offer, as editable parts. */
interface Exchange {
  requestLine: string
  request: Fields
  statusLine: string
  response: Fields
}

function rfcExample(): Exchange {
  return {
    requestLine: 'GET /chat HTTP/1.1',
    request: [
      ['Host', 'server.example.com'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['Origin', 'http://example.com'],
      ['Sec-WebSocket-Protocol', 'chat, superchat'],
      ['Sec-WebSocket-Version', '13'],
      ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ],
    statusLine: 'HTTP/1.1 101 Switching Protocols',
    response: [
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
      ['Sec-WebSocket-Protocol', 'chat'],
      ['Sec-WebSocket-Extensions', 'permessage-deflate'],
    ],
  }
}

/** Replaces (or with null removes) every field of that name; a list adds several lines. */
function set(fields: Fields, name: string, value: string | string[] | null): Fields {
  const rest = fields.filter(([n]) => n.toLowerCase() !== name.toLowerCase())
  if (value === null) return rest
  return [...rest, ...(Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v])]
}

/** A mutation that makes the request offer `offer` and the response accept `answer`. */
function negotiate(offer: string, answer: string) {
  return (e: Exchange) => {
    e.request = set(e.request, 'Sec-WebSocket-Extensions', offer)
    e.response = set(e.response, 'Sec-WebSocket-Extensions', answer)
  }
}

function render(e: Partial<Exchange>): string {
  const block = (start: string | undefined, fields: Fields | undefined) =>
    start === undefined ? '' : `${[start, ...(fields ?? []).map(([n, v]) => `${n}: ${v}`)].join('\r\n')}\r\n\r\n`
  return block(e.requestLine, e.request) + block(e.statusLine, e.response)
}

function report(text: string) {
  return checkHandshake(parseHandshake(text))
}

function byId(checks: HandshakeCheck[], id: string): HandshakeCheck {
  const found = checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} among ${checks.map((c) => c.id).join(', ')}`)
  return found
}

function expectAllPass(checks: HandshakeCheck[]) {
  expect(checks.filter((c) => !c.ok)).toEqual([])
}

describe('handshakes that pass every check', () => {
  it("the seed's devtools exchange", () => {
    const r = report(SEED)
    expectAllPass(r.checks)
    expect(byId(r.checks, 'accept-matches-key')).toMatchObject({ ok: true, rfc: 'RFC 6455 §4.2.2', side: 'exchange' })
    expect(byId(r.checks, 'accept-matches-key').detail).toContain('l8FmF5BgtKZlWFMKwbxchPk1jhg=')
    expect(r.checks.map((c) => c.id)).toEqual([
      'request-method-get',
      'request-uri-valid',
      'request-host',
      'request-host-matches-uri',
      'request-upgrade-websocket',
      'request-connection-upgrade',
      'request-key-valid',
      'request-version-13',
      'request-origin',
      'request-extensions-syntax',
      'request-deflate-offer',
      'response-status-101',
      'response-upgrade-websocket',
      'response-connection-upgrade',
      'response-accept-present',
      'response-extensions-syntax',
      'response-extensions-unique',
      'response-deflate-params',
      'accept-matches-key',
      'response-extensions-offered',
      'deflate-response-matches-offer',
    ])
    expect(r.extensions).toEqual([{ name: 'permessage-deflate', params: { client_max_window_bits: '15' } }])
    expect(r.subprotocol).toBeNull()
    expect(r.deflate).toEqual({ serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 })
  })

  it('a handshake captured from the ws package', () => {
    const r = report(WS_CAPTURE)
    expectAllPass(r.checks)
    expect(r.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'request-http-version',
        'response-http-version',
        'request-subprotocols-syntax',
        'response-subprotocol-single',
        'response-subprotocol-offered',
      ]),
    )
    expect(r.subprotocol).toBe('chat.v2')
    expect(r.extensions).toEqual([{ name: 'permessage-deflate', params: {} }])
  })

  it('the RFC 6455 §1.3 example', () => {
    const r = report(render(rfcExample()))
    expectAllPass(r.checks)
    expect(byId(r.checks, 'accept-matches-key').message).toContain('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
    for (const c of r.checks) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(c.message).not.toContain('\n')
      expect(c.rfc).toMatch(/^(\d+(\.\d+)*|RFC \d+ §[\d.]+)$/)
    }
  })
})

/**
 * One broken rule per case: [check id, how to break it, a fragment of the message, the other
 * checks that follow from it and fail too].
 */
const FAILURES: [string, (e: Exchange) => void, string, string[]?][] = [
  ['request-method-get', (e) => (e.requestLine = 'POST /chat HTTP/1.1'), 'must be a GET'],
  ['request-method-get', (e) => (e.requestLine = 'get /chat HTTP/1.1'), 'case-sensitive'],
  ['request-http-version', (e) => (e.requestLine = 'GET /chat HTTP/1.0'), 'HTTP/1.1 or higher'],
  ['request-uri-valid', (e) => (e.requestLine = 'GET /chat#top HTTP/1.1'), 'fragment'],
  ['request-uri-valid', (e) => (e.requestLine = 'GET chat HTTP/1.1'), 'resource name'],
  ['request-uri-valid', (e) => (e.requestLine = 'GET ftp://server.example.com/chat HTTP/1.1'), 'ws or wss'],
  ['request-host-matches-uri', (e) => (e.requestLine = 'GET ws://other.example.com/chat HTTP/1.1'), 'other.example.com'],
  ['request-host-matches-uri', (e) => (e.requestLine = 'GET ws://server.example.com:8080/chat HTTP/1.1'), 'port'],
  ['request-host', (e) => (e.request = set(e.request, 'Host', null)), 'no Host'],
  ['request-host', (e) => (e.request = set(e.request, 'Host', ['a', 'b'])), '2 times'],
  ['request-host', (e) => (e.request = set(e.request, 'Host', '')), 'empty'],
  ['request-upgrade-websocket', (e) => (e.request = set(e.request, 'Upgrade', null)), 'no Upgrade'],
  ['request-upgrade-websocket', (e) => (e.request = set(e.request, 'Upgrade', 'h2c')), '"h2c"'],
  ['request-connection-upgrade', (e) => (e.request = set(e.request, 'Connection', null)), 'no Connection'],
  ['request-connection-upgrade', (e) => (e.request = set(e.request, 'Connection', 'keep-alive')), 'must contain "Upgrade"'],
  ['request-key-valid', (e) => (e.request = set(e.request, 'Sec-WebSocket-Key', null)), 'no Sec-WebSocket-Key'],
  ['request-key-valid', (e) => (e.request = set(e.request, 'Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25j')), 'decodes to 15 bytes', ['accept-matches-key']],
  ['request-key-valid', (e) => (e.request = set(e.request, 'Sec-WebSocket-Key', 'the sample nonce')), 'is not base64', ['accept-matches-key']],
  ['request-key-valid', (e) => (e.request = set(e.request, 'Sec-WebSocket-Key', ['dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ=='])), '2 times'],
  ['request-version-13', (e) => (e.request = set(e.request, 'Sec-WebSocket-Version', null)), 'no Sec-WebSocket-Version'],
  ['request-version-13', (e) => (e.request = set(e.request, 'Sec-WebSocket-Version', '8')), 'requires 13'],
  ['request-subprotocols-syntax', (e) => (e.request = set(e.request, 'Sec-WebSocket-Protocol', 'chat, chat')), 'offered twice'],
  ['request-subprotocols-syntax', (e) => (e.request = set(e.request, 'Sec-WebSocket-Protocol', 'chat/1; v')), 'not a token', ['response-subprotocol-offered']],
  ['request-extensions-syntax', (e) => (e.request = set(e.request, 'Sec-WebSocket-Extensions', 'permessage-deflate; x="a b"')), 'invalid value'],
  [
    'request-deflate-offer',
    (e) => (e.request = set(e.request, 'Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits=16')),
    'server_max_window_bits=16',
    ['deflate-response-matches-offer'],
  ],
  ['request-deflate-offer', (e) => (e.request = set(e.request, 'Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits')), 'needs a value'],
  ['response-status-101', (e) => (e.statusLine = 'HTTP/1.1 200 OK'), 'only 101'],
  ['response-status-101', (e) => (e.statusLine = 'HTTP/1.1 403 Forbidden'), 'Origin'],
  ['response-http-version', (e) => (e.statusLine = 'HTTP/1.0 101 Switching Protocols'), 'HTTP/1.1 or higher'],
  ['response-upgrade-websocket', (e) => (e.response = set(e.response, 'Upgrade', null)), 'no Upgrade'],
  ['response-upgrade-websocket', (e) => (e.response = set(e.response, 'Upgrade', 'websocket, h2c')), 'must be "websocket"'],
  ['response-connection-upgrade', (e) => (e.response = set(e.response, 'Connection', 'close')), 'must contain "Upgrade"'],
  ['response-accept-present', (e) => (e.response = set(e.response, 'Sec-WebSocket-Accept', null)), 'no Sec-WebSocket-Accept', ['accept-matches-key']],
  [
    'response-accept-present',
    (e) => (e.response = set(e.response, 'Sec-WebSocket-Accept', 'dGhlIHNhbXBsZSBub25jZQ==')),
    'decodes to 16 bytes',
    ['accept-matches-key'],
  ],
  [
    'accept-matches-key',
    (e) => (e.response = set(e.response, 'Sec-WebSocket-Accept', 'l8FmF5BgtKZlWFMKwbxchPk1jhg=')),
    'requires s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  ],
  ['accept-matches-key', (e) => (e.response = set(e.response, 'Sec-WebSocket-Accept', null)), 'no Sec-WebSocket-Accept', ['response-accept-present']],
  ['accept-matches-key', (e) => (e.request = set(e.request, 'Sec-WebSocket-Key', '1vussGWDtsH15oom9XZ4dA==')), 'l8FmF5BgtKZlWFMKwbxchPk1jhg='],
  ['response-subprotocol-single', (e) => (e.response = set(e.response, 'Sec-WebSocket-Protocol', 'chat, superchat')), 'exactly one'],
  ['response-subprotocol-offered', (e) => (e.response = set(e.response, 'Sec-WebSocket-Protocol', 'mqtt')), 'did not offer'],
  ['response-subprotocol-offered', (e) => (e.response = set(e.response, 'Sec-WebSocket-Protocol', 'Chat')), 'differs in case'],
  ['response-subprotocol-offered', (e) => (e.request = set(e.request, 'Sec-WebSocket-Protocol', null)), 'offered no subprotocol'],
  ['response-extensions-syntax', (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate; @')), 'not a valid parameter'],
  [
    'response-extensions-unique',
    (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate, permessage-deflate')),
    'more than once',
    ['response-deflate-params'],
  ],
  ['response-extensions-offered', (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'x-webkit-deflate-frame')), 'did not offer'],
  ['response-extensions-offered', (e) => (e.request = set(e.request, 'Sec-WebSocket-Extensions', null)), 'offered: none'],
  ['response-deflate-params', (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits')), 'needs a value'],
  ['response-deflate-params', (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate; foo')), 'unknown'],
  [
    'response-deflate-params',
    (e) => (e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate; server_no_context_takeover; server_no_context_takeover')),
    'more than once',
  ],
  ['deflate-response-matches-offer', negotiate('permessage-deflate', 'permessage-deflate; client_max_window_bits=10'), 'did not include it'],
  [
    'deflate-response-matches-offer',
    negotiate('permessage-deflate; server_max_window_bits=10', 'permessage-deflate; server_max_window_bits=12'),
    'larger than the offered 10',
  ],
  ['deflate-response-matches-offer', negotiate('permessage-deflate; server_max_window_bits=10', 'permessage-deflate'), 'same or a smaller value'],
  [
    'deflate-response-matches-offer',
    negotiate('permessage-deflate; client_max_window_bits=9', 'permessage-deflate; client_max_window_bits=12'),
    'larger than the offered 9',
  ],
  ['deflate-response-matches-offer', negotiate('permessage-deflate; server_no_context_takeover', 'permessage-deflate'), 'server_no_context_takeover'],
  [
    'deflate-response-matches-offer',
    negotiate('permessage-deflate; server_max_window_bits=10, permessage-deflate', 'permessage-deflate; client_max_window_bits=15'),
    'none of the 2 offers',
  ],
]

describe('each rule fails when broken', () => {
  it.each(FAILURES)('%s: %s', (id, breakIt, fragment, alsoFails) => {
    const exchange = rfcExample()
    breakIt(exchange)
    const r = report(render(exchange))
    const failed = byId(r.checks, id)
    expect(failed.ok).toBe(false)
    expect(failed.message).toContain(fragment)
    // A single broken rule leaves the rules it does not touch passing.
    const failing = r.checks.filter((c) => !c.ok).map((c) => c.id)
    expect(failing.sort()).toEqual([id, ...(alsoFails ?? [])].sort())
  })

  it('covers every check id with a failing case', () => {
    const ids = new Set(FAILURES.map(([id]) => id))
    for (const c of report(render(rfcExample())).checks) {
      if (c.id === 'request-origin') continue // informational: always ok
      expect(ids, c.id).toContain(c.id)
    }
  })
})

describe('what the text allows to check', () => {
  it('checks only the request when there is no response', () => {
    const e = rfcExample()
    const r = report(render({ requestLine: e.requestLine, request: e.request }))
    expect(r.checks.every((c) => c.side === 'request')).toBe(true)
    expect(r.response).toBeNull()
    expect(r.extensions).toEqual([{ name: 'permessage-deflate', params: { client_max_window_bits: true } }])
    expect(r.deflate).toBeNull()
  })

  it('checks only the response when there is no request', () => {
    const e = rfcExample()
    const r = report(render({ statusLine: e.statusLine, response: e.response }))
    expect(r.checks.every((c) => c.side === 'response')).toBe(true)
    expectAllPass(r.checks)
    expect(r.subprotocol).toBe('chat')
  })

  it('skips the upgrade fields of a response that refuses', () => {
    const r = report('HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\n\r\n')
    expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
      ['response-status-101', false],
      ['response-http-version', true],
      ['response-supported-versions', true],
    ])
    expect(byId(r.checks, 'response-status-101').message).toContain('Sec-WebSocket-Version')
    expect(byId(report('HTTP/1.1 426 Upgrade Required\r\n\r\n').checks, 'response-supported-versions').ok).toBe(false)
  })

  it('checks method, URI and status from a devtools General block alone', () => {
    const r = report('Request URL: wss://example.com/feed#x\nRequest Method: GET\nStatus Code: 101 Switching Protocols')
    expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
      ['request-method-get', true],
      ['request-uri-valid', false],
      ['response-status-101', true],
    ])
  })

  it('reports Origin either way, as information', () => {
    const e = rfcExample()
    e.request = set(e.request, 'Origin', null)
    const origin = byId(report(render(e)).checks, 'request-origin')
    expect(origin.ok).toBe(true)
    expect(origin.message).toContain('every browser sends one')
  })

  it('accepts :authority in place of Host for HTTP/2 pseudo-headers', () => {
    const r = report(':method: CONNECT\n:authority: example.com\n:path: /chat\n:protocol: websocket\nsec-websocket-version: 13')
    expect(byId(r.checks, 'request-host').ok).toBe(true)
    expect(byId(r.checks, 'h2-method-connect').ok).toBe(true)
  })

  it('has no checks when nothing was found', () => {
    expect(report('').checks).toEqual([])
  })

  it('accepts Host with the explicit default port', () => {
    const e = rfcExample()
    e.requestLine = 'GET ws://server.example.com/chat HTTP/1.1'
    e.request = set(e.request, 'Host', 'server.example.com:80')
    expect(byId(report(render(e)).checks, 'request-host-matches-uri').ok).toBe(true)
  })

  it('accepts a response that answers the second of two deflate offers', () => {
    const e = rfcExample()
    e.request = set(e.request, 'Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits=10, permessage-deflate; client_max_window_bits')
    e.response = set(e.response, 'Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits=12; server_no_context_takeover')
    const r = report(render(e))
    expectAllPass(r.checks)
    expect(byId(r.checks, 'deflate-response-matches-offer').message).toContain('offer 2')
    expect(r.deflate).toMatchObject({ clientMaxWindowBits: 12, serverNoContextTakeover: true })
  })
})

describe('properties', () => {
  it('never throws, and every check is well formed', () => {
    const line = fc.oneof(
      fc.constantFrom('', 'GET /chat HTTP/1.1', 'HTTP/1.1 101 Switching Protocols', 'Status Code: 101', 'Request URL: ws://h/#', 'Request Method: GET'),
      fc
        .tuple(
          fc.constantFrom(
            'Host',
            'Upgrade',
            'Connection',
            'Sec-WebSocket-Key',
            'Sec-WebSocket-Accept',
            'Sec-WebSocket-Version',
            'Sec-WebSocket-Protocol',
            'Sec-WebSocket-Extensions',
            'Origin',
            ':authority',
            ':status',
          ),
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom(
              'websocket',
              'Upgrade',
              '13',
              'dGhlIHNhbXBsZSBub25jZQ==',
              's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
              'permessage-deflate; client_max_window_bits=9',
              'permessage-deflate; server_max_window_bits',
              'a, b, a',
            ),
          ),
        )
        .map(([n, v]) => `${n}: ${v}`),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const r = report(lines.join('\n'))
        for (const c of r.checks) {
          expect(typeof c.ok).toBe('boolean')
          expect(c.message.length).toBeGreaterThan(0)
          expect(['request', 'response', 'exchange']).toContain(c.side)
        }
        expect(new Set(r.checks.map((c) => c.id)).size).toBe(r.checks.length)
      }),
    )
  })
})
