import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { headerValues, parseHandshake } from './handshake-parse.ts'
import { SEED_DOCUMENT, SEED_REQUEST_BLOCK as SEED_REQUEST, SEED_RESPONSE_BLOCK as SEED_RESPONSE } from './fixtures/seed.ts'

const FENCE = '```'

/** What every reading of the seed must produce: one exchange, fields in order and case. */
function expectSeedExchange(text: string) {
  const parsed = parseHandshake(text)
  expect(parsed.request).not.toBeNull()
  expect(parsed.response).not.toBeNull()
  const request = parsed.request!
  const response = parsed.response!
  expect(request.method).toBe('GET')
  expect(request.url).toBe('wss://xdata.jcloud.com/exp/ws/standard?noteId=2CD1KS9C2_20170316-154552')
  expect(request.httpVersion).toBeNull()
  expect(request.headers.map(([n]) => n)).toEqual([
    'Accept-Encoding',
    'Accept-Language',
    'Cache-Control',
    'Connection',
    'Cookie',
    'Host',
    'Origin',
    'Pragma',
    'Sec-WebSocket-Extensions',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'Upgrade',
    'User-Agent',
  ])
  expect(headerValues(request.headers, 'sec-websocket-key')).toEqual(['1vussGWDtsH15oom9XZ4dA=='])
  // The colon-less line under Cookie continues its value.
  expect(headerValues(request.headers, 'Cookie')[0]).toMatch(/^<too long, ignore it\.\.\.> JCLOUD_LOCALSTORE=.*_ga=GA1\.2\.2092145710\.1481871851$/)
  expect(response.status).toBe(101)
  expect(response.statusText).toBe('')
  expect(response.headers).toEqual([
    ['Connection', 'upgrade'],
    ['Date', 'Thu, 16 Mar 2017 07:45:54 GMT'],
    ['Sec-WebSocket-Accept', 'l8FmF5BgtKZlWFMKwbxchPk1jhg='],
    ['Sec-WebSocket-Extensions', 'permessage-deflate;client_max_window_bits=15'],
    ['Server', 'nginx/1.8.0'],
    ['Upgrade', 'websocket'],
  ])
  expect(parsed.format).toBe('devtools')
  expect(parsed.general).toEqual([
    ['Request URL', 'wss://xdata.jcloud.com/exp/ws/standard?noteId=2CD1KS9C2_20170316-154552'],
    ['Request Method', 'GET'],
    ['Status Code', '101'],
  ])
  expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([])
  return parsed
}

describe('the seed devtools example', () => {
  it('parses the two code blocks pasted together', () => {
    const parsed = expectSeedExchange(`${SEED_REQUEST}\n\n${SEED_RESPONSE}`)
    expect(parsed.findings).toEqual([])
  })

  it('parses the code blocks with their fences', () => {
    const parsed = expectSeedExchange(`${FENCE}json\n${SEED_REQUEST}\n${FENCE}\n\n${FENCE}json\n${SEED_RESPONSE}${FENCE}\n`)
    expect(parsed.findings).toEqual([])
  })

  it('parses the whole seed document as is, ignoring the prose around the blocks with warnings', () => {
    const parsed = expectSeedExchange(SEED_DOCUMENT)
    expect(parsed.findings.length).toBeGreaterThan(0)
    expect(parsed.findings.every((f) => f.code === 'handshake.ignored-block' && f.severity === 'warning')).toBe(true)
  })

  it('parses with CRLF line ends and indentation', () => {
    const indented = `${SEED_REQUEST}\n\n${SEED_RESPONSE}`
      .split('\n')
      .map((l) => `   ${l}  `)
      .join('\r\n')
    expectSeedExchange(indented)
  })
})

const WS_CAPTURE =
  'GET /chat?room=1 HTTP/1.1\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: usQDXtU+ePxgKdmpdDw3DQ==\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nSec-WebSocket-Protocol: chat.v2,chat.v1\r\nOrigin: http://127.0.0.1\r\nHost: 127.0.0.1:40841\r\n\r\n' +
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: n07ASUXaeAP6Wb+JWofUMlSZb+4=\r\nSec-WebSocket-Protocol: chat.v2\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n'

describe('raw HTTP', () => {
  it('parses a handshake captured between ws 8 client and server on 127.0.0.1', () => {
    const parsed = parseHandshake(WS_CAPTURE)
    expect(parsed.findings).toEqual([])
    expect(parsed.format).toBe('raw-http')
    expect(parsed.request).toMatchObject({ method: 'GET', url: '/chat?room=1', httpVersion: 'HTTP/1.1' })
    expect(parsed.request!.headers[0]).toEqual(['Sec-WebSocket-Version', '13'])
    expect(parsed.request!.headers).toHaveLength(8)
    expect(parsed.response).toMatchObject({ status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1' })
    expect(parsed.response!.headers).toHaveLength(5)
  })

  it('tells request from response without a blank line between them', () => {
    const parsed = parseHandshake(WS_CAPTURE.replace('\r\n\r\nHTTP/1.1', '\r\nHTTP/1.1'))
    expect(parsed.request!.headers).toHaveLength(8)
    expect(parsed.response!.status).toBe(101)
  })

  it('reads a request alone and a response alone', () => {
    const [requestText, responseText] = WS_CAPTURE.split('\r\n\r\n')
    const request = parseHandshake(requestText)
    expect(request.request?.url).toBe('/chat?room=1')
    expect(request.response).toBeNull()
    const response = parseHandshake(responseText)
    expect(response.request).toBeNull()
    expect(response.response?.status).toBe(101)
  })

  it('keeps a trailing space after the status code out of the values', () => {
    const parsed = parseHandshake('HTTP/1.1 101 \nUpgrade: websocket ')
    expect(parsed.response).toMatchObject({ status: 101, statusText: '', headers: [['Upgrade', 'websocket']] })
  })

  it('keeps repeated fields separately, in order', () => {
    const parsed = parseHandshake('GET / HTTP/1.1\nSec-WebSocket-Protocol: a\nHost: h\nsec-websocket-protocol: b')
    expect(headerValues(parsed.request!.headers, 'SEC-WEBSOCKET-PROTOCOL')).toEqual(['a', 'b'])
    expect(parsed.request!.headers[2]).toEqual(['sec-websocket-protocol', 'b'])
  })

  it('reports white space before the colon', () => {
    const parsed = parseHandshake('GET / HTTP/1.1\nHost : h')
    expect(parsed.request!.headers).toEqual([['Host', 'h']])
    expect(parsed.findings.map((f) => f.code)).toEqual(['handshake.space-before-colon'])
  })

  it('turns an unparseable line into a finding and keeps the rest', () => {
    const parsed = parseHandshake('GET /chat HTTP/1.1\nHost: h\nbad line: x\nUpgrade: websocket')
    expect(parsed.request!.headers).toEqual([
      ['Host', 'h'],
      ['Upgrade', 'websocket'],
    ])
    expect(parsed.findings).toHaveLength(1)
    expect(parsed.findings[0]).toMatchObject({ code: 'handshake.syntax', severity: 'warning', closeCode: null, rfc: 'RFC 7230 §3.2' })
    expect(parsed.findings[0].offset).toBe('GET /chat HTTP/1.1\nHost: h\n'.length)
  })

  it('reads a second request as a warning, keeping the first', () => {
    const parsed = parseHandshake('GET /a HTTP/1.1\nHost: h\n\nGET /b HTTP/1.1\nHost: h')
    expect(parsed.request!.url).toBe('/a')
    expect(parsed.findings.map((f) => f.code)).toEqual(['handshake.extra-block'])
  })
})

describe('devtools', () => {
  it('reads Chrome-style section titles without blank lines', () => {
    const text = [
      'General',
      'Request URL: ws://localhost:8080/socket',
      'Request Method: GET',
      'Status Code: 101 Switching Protocols',
      'Remote Address: [::1]:8080',
      'Referrer Policy: strict-origin-when-cross-origin',
      'Response Headers',
      'view source',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Request Headers (4)',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
    ].join('\n')
    const parsed = parseHandshake(text)
    expect(parsed.request).toMatchObject({ method: 'GET', url: 'ws://localhost:8080/socket' })
    expect(parsed.request!.headers).toHaveLength(3)
    expect(parsed.response).toMatchObject({ status: 101, statusText: 'Switching Protocols' })
    expect(parsed.response!.headers).toHaveLength(2)
    expect(parsed.general!.map(([n]) => n)).toEqual(['Request URL', 'Request Method', 'Status Code', 'Remote Address', 'Referrer Policy'])
    expect(parsed.findings).toEqual([])
  })

  it('reads the General block alone as a request and a response with unknown fields', () => {
    const parsed = parseHandshake('Request URL: wss://x/y\nRequest Method: GET\nStatus Code: 101')
    expect(parsed.request).toEqual({ method: 'GET', url: 'wss://x/y', httpVersion: null, headers: [], headersMissing: true })
    expect(parsed.response).toEqual({ status: 101, statusText: '', httpVersion: null, headers: [], headersMissing: true })
  })

  it('reads HTTP/2 pseudo-headers, noting RFC 8441', () => {
    const parsed = parseHandshake(':method: CONNECT\n:authority: example.com\n:scheme: https\n:path: /chat\n:protocol: websocket\nsec-websocket-version: 13')
    expect(parsed.request).toMatchObject({ method: 'CONNECT', url: '/chat' })
    expect(parsed.request!.headers[1]).toEqual([':authority', 'example.com'])
    expect(parsed.findings.map((f) => f.code)).toEqual(['handshake.http2'])
  })

  it('puts a block of shared fields on the missing side', () => {
    const parsed = parseHandshake('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nHost: h\n\nUpgrade: websocket\nConnection: Upgrade')
    expect(parsed.response!.headers).toHaveLength(2)
    expect(parsed.response!.status).toBe(0)
    expect(parsed.findings.map((f) => [f.code, f.severity])).toEqual([['handshake.assumed-side', 'info']])
  })

  it('merges fields split by a stray blank line', () => {
    const parsed = parseHandshake('Host: h\nOrigin: o\n\nSec-WebSocket-Key: k\nUser-Agent: u')
    expect(parsed.request!.headers.map(([n]) => n)).toEqual(['Host', 'Origin', 'Sec-WebSocket-Key', 'User-Agent'])
  })

  it('reports a bad Status Code value', () => {
    const parsed = parseHandshake('Status Code: switching\n\nServer: x\nUpgrade: websocket')
    expect(parsed.response!.status).toBe(0)
    expect(parsed.findings.map((f) => f.code)).toContain('handshake.syntax')
  })
})

describe('nothing to read', () => {
  it.each(['', '   \n\n', 'hello world', '```\nconsole.log(1)\n```', 'Note: nothing here'])('%j', (text) => {
    const parsed = parseHandshake(text)
    expect(parsed.request).toBeNull()
    expect(parsed.response).toBeNull()
    const empty = parsed.findings.find((f) => f.code === 'handshake.empty')
    expect(empty).toMatchObject({ severity: 'error', closeCode: null, rfc: 'RFC 6455 §4' })
  })
})

// ---------------------------------------------------------------------------------------
// Properties

const tchar = fc.constantFrom(..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split(''))
const token = fc.string({ unit: tchar, minLength: 1, maxLength: 12 })
/** Visible ASCII and spaces, no surrounding white space: what a field value can be. */
const fieldValue = fc
  .string({
    unit: fc.constantFrom(...' !"#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~'.split('')),
    maxLength: 30,
  })
  .map((v) => v.trim())
/** Names that decide a block's side or belong to the General block would change the reading. */
const neutralName = token.filter(
  (n) =>
    !/^(sec-websocket-accept|server|date|set-cookie|www-authenticate|proxy-authenticate|x-powered-by|age|etag|location|retry-after|expires|last-modified|strict-transport-security|alt-svc|access-control-allow-origin|access-control-allow-credentials|general|raw)$/i.test(
      n,
    ),
)
const fields = fc.array(fc.tuple(neutralName, fieldValue), { maxLength: 12 })

describe('properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => void parseHandshake(text)))
  })

  it('never throws on text made of handshake-like lines', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '',
        '```',
        'GET / HTTP/1.1',
        'HTTP/1.1 101 ',
        'Request Headers',
        'Status Code: 101',
        'Status Code:',
        'Request URL:',
        ':status: 200',
        'no colon here',
        'x: y',
      ),
      fc.tuple(token, fieldValue).map(([n, v]) => `${n}:${v}`),
      fc.string({ maxLength: 20 }),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const parsed = parseHandshake(lines.join(eol))
        expect(['raw-http', 'devtools', 'mixed']).toContain(parsed.format)
        for (const f of parsed.findings) expect(['warning', 'error', 'info']).toContain(f.severity)
      }),
    )
  })

  it('reads the same fields from raw HTTP and from devtools lines', () => {
    fc.assert(
      fc.property(fields, (generated) => {
        // A Sec-WebSocket-Key makes the devtools block a request, as in a real copy.
        const all: [string, string][] = [['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ...generated]
        const raw = parseHandshake(`GET /chat HTTP/1.1\r\n${all.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`)
        const devtools = parseHandshake(all.map(([n, v]) => `${n}:${v}`).join('\n'))
        expect(raw.request!.headers).toEqual(all)
        expect(devtools.request!.headers).toEqual(all)
        expect(raw.format).toBe('raw-http')
        expect(devtools.format).toBe('devtools')
      }),
    )
  })
})
