import { afterEach, describe, expect, it } from 'vitest'
import { hostProblem, originProblem } from './security.ts'
import { openWs, rawExchange, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

describe('Host and Origin rules', () => {
  const policy = { port: 8080, host: '127.0.0.1', allowOrigins: ['http://localhost:5173'], token: 'the-token' }

  it.each(['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', '192.168.1.20:8080'])('accepts Host %s', (host) => {
    expect(hostProblem(host, policy)).toBeNull()
  })

  it.each(['evil.example:8080', 'localhost:9090', 'localhost', 'evil.example', ''])('refuses Host %j', (host) => {
    expect(hostProblem(host, policy)).toMatch(host ? /is not this server's/ : /no Host header/)
  })

  it('accepts the configured --host name', () => {
    expect(hostProblem('devbox:8080', { ...policy, host: 'devbox' })).toBeNull()
  })

  it.each([undefined, 'http://127.0.0.1:8080', 'http://localhost:8080', 'http://localhost:5173'])('lets Origin %s use /tap and /api', (origin) => {
    expect(originProblem(origin, policy)).toBeNull()
  })

  it.each(['http://[::1]:8080', 'HTTP://LOCALHOST:8080'])('lets the app’s own Origin %s use /tap and /api', (origin) => {
    expect(originProblem(origin, policy)).toBeNull()
  })

  it.each([
    'http://evil.example',
    'https://127.0.0.1:8080',
    'http://127.0.0.1:9999',
    'null',
    'http://localhost:8080/path',
    // Any other address on the server's port may be someone else's page (the bypass of issue 11).
    'http://127.0.0.2:8080',
    'http://192.168.1.20:8080',
    'http://[::2]:8080',
    'http://0.0.0.0:8080',
    'http://[::ffff:127.0.0.2]:8080',
  ])('keeps Origin %s out of /tap and /api', (origin) => {
    expect(originProblem(origin, policy)).toMatch(/may not use this endpoint/)
  })

  it('lets the configured --host name and address in as origins, and port 80 origins without a port', () => {
    expect(originProblem('http://devbox:8080', { ...policy, host: 'devbox' })).toBeNull()
    expect(originProblem('http://192.168.1.20:8080', { ...policy, host: '192.168.1.20' })).toBeNull()
    expect(originProblem('http://[fd00::1]:8080', { ...policy, host: 'fd00::1' })).toBeNull()
    expect(originProblem('http://127.0.0.1', { ...policy, port: 80 })).toBeNull()
    expect(originProblem('http://127.0.0.1:80', { ...policy, port: 80 })).toMatch(/may not use/)
  })
})

describe('the server enforces them', () => {
  it('refuses a foreign Host on every path, HTTP and WebSocket alike (DNS rebinding)', async () => {
    const server = await startTestServer()
    const page = await rawExchange(server.port, `GET /api/scenarios HTTP/1.1\r\nHost: evil.example:${server.port}\r\nConnection: close\r\n\r\n`)
    expect(page).toMatch(/^HTTP\/1\.1 403[^]*Host "evil\.example:\d+" is not this server's/)
    const upgrade = await rawUpgrade(server.port, '/echo', [], `evil.example:${server.port}`)
    expect(upgrade.status).toBe(403)
  })

  it('lets only the app’s origin (and --allow-origin ones) use /tap and /api; /echo is open to all', async () => {
    const server = await startTestServer({ allowOrigins: ['http://localhost:5173'] })
    const own = `http://127.0.0.1:${server.port}`
    const evil = 'http://evil.example'
    const token = `token=${server.context.policy.token}`
    const upgrade = (path: string, origin?: string) => rawUpgrade(server.port, path, origin ? [['Origin', origin]] : []).then((r) => r.status)
    expect(await upgrade(`/api/captures?${token}`, own)).toBe(101)
    expect(await upgrade(`/api/captures?${token}`, 'http://localhost:5173')).toBe(101)
    expect(await upgrade('/api/captures')).toBe(101)
    expect(await upgrade(`/api/captures?${token}`, evil)).toBe(403)
    expect(await upgrade(`/tap?target=${encodeURIComponent(`ws://127.0.0.1:${server.port}/echo`)}&${token}`, evil)).toBe(403)
    expect(await upgrade('/echo', evil)).toBe(101)
    // Another loopback address on the same port is another origin: someone else's page.
    const otherAddress = `http://127.0.0.2:${server.port}`
    expect(await upgrade(`/api/captures?${token}`, otherAddress)).toBe(403)
    expect(await upgrade(`/tap?target=${encodeURIComponent(`ws://127.0.0.1:${server.port}/echo`)}&${token}`, otherAddress)).toBe(403)
    const post = await fetch(`${own}/api/taps`, {
      method: 'POST',
      headers: { Origin: evil, 'Content-Type': 'application/json' },
      body: '{"target":"ws://x.example"}',
    })
    expect(post.status).toBe(403)
    expect(((await post.json()) as { error: string }).error).toMatch(/Origin "http:\/\/evil\.example" may not use this endpoint/)
  })
})

describe('the access token', () => {
  it('is given by GET /api/token to programs and the app’s pages, to --allow-origin pages with CORS, and to no other page', async () => {
    const server = await startTestServer({ allowOrigins: ['http://localhost:5173'] })
    const base = `http://127.0.0.1:${server.port}`
    const { token } = server.context.policy
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const get = (origin?: string) => fetch(`${base}/api/token`, { headers: origin ? { Origin: origin } : {} })
    expect(await (await get()).json()).toEqual({ token })
    const own = await get(base)
    expect(await own.json()).toEqual({ token })
    expect(own.headers.get('access-control-allow-origin')).toBeNull()
    const dev = await get('http://localhost:5173')
    expect(dev.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const evil = await get('http://127.0.0.2:' + server.port)
    expect(evil.status).toBe(403)
    expect(await evil.text()).not.toContain(token)
  })

  it('is required from browsers (an Origin) on /api/captures, /tap and /api/taps; programs (no Origin) need none', async () => {
    const server = await startTestServer()
    const own = `http://127.0.0.1:${server.port}`
    const { token } = server.context.policy
    const upgrade = (path: string, origin?: string) => rawUpgrade(server.port, path, origin ? [['Origin', origin]] : [])
    const refused = await upgrade('/api/captures', own)
    expect(refused.status).toBe(403)
    expect(refused.rest.toString()).toMatch(/no access token: a browser must present this server's token/)
    expect((await upgrade('/api/captures?token=wrong', own)).status).toBe(403)
    expect((await upgrade(`/api/captures?token=${token}`, own)).status).toBe(101)
    expect((await upgrade('/api/captures')).status).toBe(101)
    const tap = `/tap?target=${encodeURIComponent(`ws://127.0.0.1:${server.port}/echo`)}`
    expect((await upgrade(tap, own)).status).toBe(403)
    expect((await upgrade(`${tap}&token=${token}`, own)).status).toBe(101)
    const post = (headers: Record<string, string>) =>
      fetch(`${own}/api/taps`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"target":"ws://127.0.0.1:9/"}' })
    const noToken = await post({ Origin: own })
    expect(noToken.status).toBe(403)
    expect(((await noToken.json()) as { error: string }).error).toMatch(/no access token/)
    expect((await post({ Origin: own, 'X-Wsinspect-Token': token })).status).toBe(201)
    expect((await post({})).status).toBe(201)
  })
})

describe('malformed requests get a 4xx with the reason', () => {
  const upgradeRequest = (port: number, lines: string[]) => rawExchange(port, `${lines.join('\r\n')}\r\n\r\n`)

  it.each([
    ['no key', ['GET /echo HTTP/1.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'], /^HTTP\/1\.1 400[^]*no Sec-WebSocket-Key/],
    [
      'a short key',
      ['GET /echo HTTP/1.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: c2hvcnQ=', 'Sec-WebSocket-Version: 13'],
      /^HTTP\/1\.1 400[^]*decodes to 5 bytes/,
    ],
    [
      'version 8',
      ['GET /echo HTTP/1.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 8'],
      /^HTTP\/1\.1 400[^]*Sec-WebSocket-Version: 13[^]*RFC 6455 requires 13/,
    ],
    [
      'POST',
      [
        'POST /echo HTTP/1.1',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        'Content-Length: 0',
      ],
      /^HTTP\/1\.1 400[^]*must be a GET request/,
    ],
    [
      'a bad extension offer',
      [
        'GET /echo HTTP/1.1',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99',
      ],
      /^HTTP\/1\.1 400[^]*server_max_window_bits=99/,
    ],
    [
      'an unknown endpoint',
      ['GET /nowhere HTTP/1.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'],
      /^HTTP\/1\.1 404[^]*no WebSocket endpoint at \/nowhere/,
    ],
    ['no Connection: Upgrade', ['GET /echo HTTP/1.1', 'Upgrade: websocket', 'Connection: close'], /^HTTP\/1\.1 426[^]*\/echo is a WebSocket endpoint/],
    ['not HTTP', ['HELLO THERE'], /^HTTP\/1\.1 400[^]*malformed HTTP request/],
  ])('%s', async (_name, lines, expected) => {
    const server = await startTestServer()
    const hostLine = `Host: 127.0.0.1:${server.port}`
    const response = await upgradeRequest(server.port, lines.length > 1 ? [lines[0], hostLine, ...lines.slice(1)] : lines)
    expect(response).toMatch(expected)
  })

  it('gives up on a request head that does not arrive within the handshake timeout', async () => {
    const server = await startTestServer({ limits: { handshakeTimeoutMs: 300 } })
    const started = Date.now()
    const response = await rawExchange(server.port, `GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`)
    expect(response).toMatch(/^HTTP\/1\.1 408/)
    expect(Date.now() - started).toBeLessThan(3000)
  })
})

describe('limits', () => {
  it('refuses connections beyond --max-connections with 503', async () => {
    const server = await startTestServer({ limits: { maxConnections: 2 } })
    await openWs(`ws://127.0.0.1:${server.port}/echo`)
    await openWs(`ws://127.0.0.1:${server.port}/echo`)
    const third = await rawUpgrade(server.port, '/echo')
    expect(third.status).toBe(503)
    expect(third.rest.toString()).toMatch(/already holds 2 connections, its limit \(--max-connections\)/)
  })

  it('closes a connection whose message is over --max-message with 1009', async () => {
    const server = await startTestServer({ limits: { maxMessageBytes: 1000 } })
    const ws = await openWs(`ws://127.0.0.1:${server.port}/echo`)
    const closing = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(Buffer.alloc(1001))
    expect(await closing).toBe(1009)
  })
})
