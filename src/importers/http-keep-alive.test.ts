/**
 * Upgrades that are not the first request on their connection: HTTP/1.1 keep-alive and
 * pipelining before the WebSocket, in synthetic captures whose every byte is known.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { importCapture } from './pcap-import.ts'
import { messageSummary } from './testing/summary.ts'
import { scriptSegments, START, upgradeRequest, upgradeResponse, writeCapture, type CaptureScript, type OpeningStep } from './testing/websocket-capture.ts'

const script: CaptureScript = {
  steps: [
    { sender: 'client', text: 'hello' },
    { sender: 'server', text: 'world' },
    { sender: 'server', close: 1000 },
  ],
}
const expected = [
  ['client', 'text', 'hello'],
  ['server', 'text', 'world'],
  ['server', 'close', '1000 '],
]

/** Bytes that decode as a WebSocket text frame ("hi"): a body like this must never become a message. */
const FRAME_LOOKALIKE = '\x81\x02hi'

const get = (path: string, fields = '') => `GET ${path} HTTP/1.1\r\nHost: 10.0.0.2:8080\r\n${fields}\r\n`
const ok = (body: string, fields = '') => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${fields}\r\n${body}`

function load(opening: OpeningStep[], options: Partial<CaptureScript> = {}) {
  return importCapture(writeCapture(scriptSegments({ ...script, ...options, opening })))
}

function expectWebSocket(result: ReturnType<typeof load>) {
  expect(result.errors).toEqual([])
  expect(result.connections).toHaveLength(1)
  expect(result.connections[0]).toMatchObject({ kind: 'websocket', sessionIndex: 0 })
  const [session] = result.sessions
  expect(messageSummary(session)).toEqual(expected)
  expect(session.findings).toEqual([])
  expect(session.info.handshake?.request?.url).toBe('/chat')
  expect(session.info.handshake?.response?.status).toBe(101)
  // Every frame's header is a real one: FIN + text or close, masked from the client only.
  expect(session.frames.map((f) => [f.sender, f.header[0], f.header[1] & 0x80])).toEqual([
    ['client', 0x81, 0x80],
    ['server', 0x81, 0],
    ['server', 0x88, 0],
  ])
  return session
}

describe('HTTP/1.1 keep-alive before the upgrade', () => {
  it('two requests with Content-Length bodies (one after 100 Continue), then the upgrade', () => {
    const post = `POST /b HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nContent-Length: ${FRAME_LOOKALIKE.length}\r\nExpect: 100-continue\r\n\r\n`
    const result = load([
      { sender: 'client', bytes: get('/a') },
      { sender: 'server', bytes: ok(FRAME_LOOKALIKE) },
      { sender: 'client', bytes: post },
      { sender: 'server', bytes: 'HTTP/1.1 100 Continue\r\n\r\n' },
      { sender: 'client', bytes: FRAME_LOOKALIKE },
      { sender: 'server', bytes: ok(FRAME_LOOKALIKE.repeat(3)) },
      { sender: 'client', bytes: upgradeRequest(script) },
      { sender: 'server', bytes: upgradeResponse(script) },
    ])
    const session = expectWebSocket(result)
    expect(session.info.notes).toEqual(['2 other HTTP exchanges on this connection (keep-alive): GET /a → 200 OK; POST /b → 200 OK'])
    // The session starts at the upgrade request: segment 9, after the TCP handshake's 3 and the 6 of the exchanges.
    expect(session.events.map((e) => [e.kind, e.t - START])).toEqual([
      ['connecting', 9],
      ['open', 10],
      ['closed', 15],
    ])
  })

  it('bodiless answers: HEAD, 204 and 304 carry no body whatever their Content-Length says', () => {
    const result = load([
      { sender: 'client', bytes: `HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n${get('/empty')}${get('/cached', 'If-None-Match: "v1"\r\n')}` },
      {
        sender: 'server',
        bytes:
          'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\nETag: "v1"\r\n\r\n',
      },
      { sender: 'client', bytes: upgradeRequest(script) },
      { sender: 'server', bytes: upgradeResponse(script) },
    ])
    expect(expectWebSocket(result).info.notes).toEqual([
      '3 other HTTP exchanges on this connection (keep-alive): HEAD /big → 200 OK; GET /empty → 204 No Content; GET /cached → 304 Not Modified',
    ])
  })

  it('a chunked response (extensions, trailers, cut into 7-byte segments), then the upgrade', () => {
    const chunked = `HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5;name=value\r\n${FRAME_LOOKALIKE}x\r\n1a\r\n${'z'.repeat(26)}\r\n0\r\nX-Checksum: 1\r\n\r\n`
    const result = load(
      [
        { sender: 'client', bytes: get('/feed') },
        { sender: 'server', bytes: chunked },
        { sender: 'client', bytes: upgradeRequest(script) },
        { sender: 'server', bytes: upgradeResponse(script) },
      ],
      { mss: 7 },
    )
    expect(expectWebSocket(result).info.notes).toEqual(['1 other HTTP exchange on this connection (keep-alive): GET /feed → 200 OK'])
  })

  it('pipelined requests, the upgrade among them, answered in one segment', () => {
    const result = load([
      { sender: 'client', bytes: `${get('/a')}${get('/b')}${upgradeRequest(script)}` },
      { sender: 'server', bytes: `${ok('A')}${ok(FRAME_LOOKALIKE)}${upgradeResponse(script)}` },
    ])
    expect(expectWebSocket(result).info.notes).toEqual(['2 other HTTP exchanges on this connection (keep-alive): GET /a → 200 OK; GET /b → 200 OK'])
  })

  it('many exchanges before the upgrade are counted, the first five named', () => {
    const paths = ['/1', '/2', '/3', '/4', '/5', '/6', '/7']
    const result = load([
      { sender: 'client', bytes: paths.map((p) => get(p)).join('') + upgradeRequest(script) },
      { sender: 'server', bytes: paths.map(() => ok('')).join('') + upgradeResponse(script) },
    ])
    expect(expectWebSocket(result).info.notes).toEqual([
      '7 other HTTP exchanges on this connection (keep-alive): GET /1 → 200 OK; GET /2 → 200 OK; GET /3 → 200 OK; GET /4 → 200 OK; GET /5 → 200 OK; …',
    ])
  })

  it('a refused upgrade (403 with a body), then one that succeeds on the same connection', () => {
    const result = load([
      { sender: 'client', bytes: upgradeRequest(script) },
      { sender: 'server', bytes: 'HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden' },
      { sender: 'client', bytes: upgradeRequest(script, 'Authorization: Bearer t\r\n') },
      { sender: 'server', bytes: upgradeResponse(script) },
    ])
    const session = expectWebSocket(result)
    expect(session.info.handshake?.request?.headers).toContainEqual(['Authorization', 'Bearer t'])
    expect(session.info.notes).toEqual(['1 other HTTP exchange on this connection (keep-alive): GET /chat → 403 Forbidden'])
  })

  it('a refused upgrade followed by ordinary requests is listed as refused, with the other exchanges', () => {
    const result = load(
      [
        { sender: 'client', bytes: upgradeRequest(script) },
        { sender: 'server', bytes: 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n' },
        { sender: 'client', bytes: get('/login') },
        { sender: 'server', bytes: ok('form') },
      ],
      { steps: [] },
    )
    expect(result.connections[0]).toMatchObject({ kind: 'websocket-refused', sessionIndex: 0 })
    const [session] = result.sessions
    expect(session.events.map((e) => [e.kind, e.detail])).toEqual([
      ['connecting', 'GET /chat'],
      ['error', 'upgrade refused: HTTP 401 Unauthorized'],
    ])
    expect(session.messages).toEqual([])
    expect(session.info.notes).toEqual(['1 other HTTP exchange on this connection (keep-alive): GET /login → 200 OK'])
  })

  it('plain HTTP keep-alive with no upgrade is HTTP, with nothing to note', () => {
    const result = load(
      [
        { sender: 'client', bytes: get('/a') },
        { sender: 'server', bytes: ok('one') },
        { sender: 'client', bytes: get('/b') },
        { sender: 'server', bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n' },
      ],
      { steps: [] },
    )
    expect(result.sessions).toEqual([])
    expect(result.connections[0]).toMatchObject({ kind: 'http', notes: [] })
  })

  it('bytes missing inside a body of known length do not hide the upgrade after it', () => {
    const segments = scriptSegments({
      ...script,
      mss: 10,
      opening: [
        { sender: 'client', bytes: get('/a') },
        { sender: 'server', bytes: ok('x'.repeat(100)) },
        { sender: 'client', bytes: upgradeRequest(script) },
        { sender: 'server', bytes: upgradeResponse(script) },
      ],
    })
    // A server segment in the middle of the 100-byte body.
    const lost = segments.findIndex((s) => s.spec.sourcePort === 8080 && s.spec.payload?.every((b) => b === 0x78))
    const result = importCapture(writeCapture(segments.filter((_, i) => i !== lost)))
    const session = expectWebSocket(result)
    expect(session.info.notes[0]).toMatch(/^server → client: 10 bytes missing at stream offset [\d,]+ \(not captured\)$/)
  })
})

describe('an upgrade request whose answer is not in the capture', () => {
  it('decodes the frames after it, as for a first request, and says why', () => {
    const segments = scriptSegments({
      ...script,
      opening: [
        { sender: 'client', bytes: get('/a') },
        { sender: 'server', bytes: ok('A') },
        { sender: 'client', bytes: upgradeRequest(script) },
        { sender: 'server', bytes: upgradeResponse(script) },
      ],
    })
    const lost = segments.find((s) => s.spec.payload && String.fromCharCode(...s.spec.payload.subarray(0, 12)) === 'HTTP/1.1 101')!
    const result = importCapture(writeCapture(segments.filter((s) => s !== lost)))
    expect(result.connections[0]).toMatchObject({ kind: 'websocket', sessionIndex: 0 })
    const [session] = result.sessions
    expect(messageSummary(session)).toEqual(expected)
    expect(session.info.handshake?.response).toBeNull()
    const at = ok('A').length
    expect(session.info.notes).toEqual([
      `server → client: ${lost.spec.payload!.length} bytes missing at stream offset ${at} (not captured)`,
      '1 other HTTP exchange on this connection (keep-alive): GET /a → 200 OK',
      `server → client: HTTP cannot be followed past the bytes missing at stream offset ${at}`,
      'no handshake response from the server was found in the capture: permessage-deflate could not be known, so frames are decoded as uncompressed',
    ])
  })
})

describe('HTTP that cannot be followed is reported as HTTP, with what stopped it', () => {
  it('a response with no length runs until the connection closes: the upgrade after it is not guessed at', () => {
    const result = load([
      { sender: 'client', bytes: get('/old') },
      { sender: 'server', bytes: `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n${FRAME_LOOKALIKE}` },
      { sender: 'client', bytes: upgradeRequest(script) },
      { sender: 'server', bytes: upgradeResponse(script) },
    ])
    expect(result.errors).toEqual([])
    expect(result.sessions).toEqual([])
    expect(result.connections[0]).toMatchObject({
      kind: 'http',
      sessionIndex: null,
      notes: [
        'server → client: the end of the response at stream offset 0 (200 OK, answering GET /old) cannot be known: it has neither Content-Length nor chunked Transfer-Encoding, so its body runs until the connection closes',
      ],
    })
  })

  it.each([
    [
      'a malformed Content-Length',
      `HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello`,
      /cannot be known: its Content-Length "5, 6" is not one decimal length$/,
    ],
    [
      'a chunk size that is not hex',
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      /^server → client: "zz" at stream offset 47 is not a chunk size$/,
    ],
    [
      'a chunk not followed by CRLF',
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n`,
      /^server → client: the chunk of a chunked body that ends at stream offset 52 is not followed by CRLF$/,
    ],
    ['garbage where a response should start', '\x00\x01garbage', /^server → client: the bytes at stream offset 0 are not an HTTP response: "\\x00\\x01garbage/],
    [
      'a 101 to a request that asked for no WebSocket',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n',
      /^server → client: the 101 at stream offset 0 switches GET \/old, which asked for no WebSocket, to another protocol$/,
    ],
  ])('%s', (_name, answer, note) => {
    const result = load([
      { sender: 'client', bytes: get('/old') },
      { sender: 'server', bytes: answer },
      { sender: 'client', bytes: upgradeRequest(script) },
      { sender: 'server', bytes: upgradeResponse(script) },
    ])
    expect(result.sessions).toEqual([])
    expect(result.connections[0].kind).toBe('http')
    expect(result.connections[0].notes).toHaveLength(1)
    expect(result.connections[0].notes[0]).toMatch(note)
  })

  it('garbage where the client’s next request should start', () => {
    const result = load(
      [
        { sender: 'client', bytes: `${get('/a')}\x16\x03\x01 not HTTP` },
        { sender: 'server', bytes: ok('a') },
      ],
      { steps: [] },
    )
    expect(result.sessions).toEqual([])
    const offset = get('/a').length
    expect(result.connections[0]).toMatchObject({
      kind: 'http',
      notes: [`client → server: the bytes at stream offset ${offset} are not an HTTP request: "\\x16\\x03\\x01 not HTTP"`],
    })
  })

  it('random HTTP-like openings never throw, and only a 101 (or no answer at all) opens a WebSocket', () => {
    const piece = fc.constantFrom(
      get('/a'),
      ok('body'),
      ok(FRAME_LOOKALIKE),
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
      '4\r\nwxyz\r\n',
      '0\r\n\r\n',
      'HTTP/1.1 100 Continue\r\n\r\n',
      'HTTP/1.1 204 No Content\r\n\r\n',
      'Content-Length: 3\r\n',
      '\r\n',
      FRAME_LOOKALIKE,
      upgradeRequest(script),
      upgradeResponse(script),
    )
    const step = fc.record({ sender: fc.constantFrom('client' as const, 'server' as const), bytes: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')) })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (opening, mss) => {
        const result = load(opening, { mss })
        expect(result.errors).toEqual([])
        const [session] = result.sessions
        if (result.connections[0].kind === 'websocket') expect(session.info.handshake?.response?.status ?? 101).toBe(101)
      }),
      { numRuns: 300 },
    )
  })
})
