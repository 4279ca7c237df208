import type { IncomingMessage } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { encodeBase64, utf8Encode } from '../protocol/index.ts'
import { bytesFromJson, tapUrl } from '../shared/capture-api.ts'
import { CapturesClient, closed, nextMessage, onCleanup, openWs, rawUpgrade, runCleanups, selfSignedCert, startTestServer, until } from './test-support.ts'

afterEach(runCleanups)

/** A `ws` server to tap, which records what reaches it. */
async function target(options: { perMessageDeflate?: boolean } = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: options.perMessageDeflate ? { threshold: 0 } : false })
  await new Promise((resolve) => wss.once('listening', resolve))
  onCleanup(() => {
    for (const c of wss.clients) c.terminate()
    return new Promise((resolve) => wss.close(resolve))
  })
  const connections: { ws: WebSocket; req: IncomingMessage; received: string[]; pongs: string[] }[] = []
  wss.on('connection', (ws, req) => {
    const record = { ws, req, received: [] as string[], pongs: [] as string[] }
    connections.push(record)
    ws.on('message', (data) => {
      record.received.push(data.toString())
      ws.send(data)
    })
    ws.on('pong', (data) => record.pongs.push(data.toString()))
  })
  const port = (wss.address() as { port: number }).port
  return { url: `ws://127.0.0.1:${port}/socket?room=1`, port, connections }
}

describe('the tap', () => {
  it('relays to /echo with permessage-deflate negotiated end to end, and publishes the handshake, messages and ratios', async () => {
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('echo-1')
    const origin = `http://127.0.0.1:${server.port}`
    const ws = await openWs(tapUrl(origin, { target: `ws://127.0.0.1:${server.port}/echo`, capture: 'echo-1', token: server.context.policy.token }), {
      origin,
      perMessageDeflate: true,
    })
    expect(ws.extensions).toMatch(/^permessage-deflate/)
    const text = '{"stream":"active_users_stream","active_users":1234,"delta":3}'
    for (let i = 0; i < 3; i++) {
      ws.send(text)
      expect((await nextMessage(ws)).data.toString()).toBe(text)
    }
    ws.close(1000, 'done')
    const ended = await app.waitFor('capture-ended')

    const handshake = await app.waitFor('handshake')
    expect(handshake.report.extensions[0]).toMatchObject({ name: 'permessage-deflate' })
    expect(handshake.deflate).toMatchObject({ serverNoContextTakeover: false, clientMaxWindowBits: 15 })
    expect(handshake.report.checks.filter((c) => !c.ok)).toEqual([])
    expect(handshake.requestText).toMatch(/^GET \/echo HTTP\/1\.1\r\n/)
    expect(handshake.responseText).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n[^]*Sec-WebSocket-Extensions: permessage-deflate/)

    for (const sender of ['client', 'server'] as const) {
      const texts = app.of('message', 'echo-1').filter((m) => m.sender === sender && m.messageType === 'text')
      expect(texts).toHaveLength(3)
      for (const m of texts) {
        expect(m.compressed).toBe(true)
        expect(m.data.length).toBe(text.length)
        expect(Buffer.from(bytesFromJson(m.data)).toString()).toBe(text)
      }
      // Context takeover: later copies shrink to a back-reference.
      expect(texts[2].wireLength).toBeLessThan(texts[0].wireLength)
      expect(ended.stats![sender]).toMatchObject({ compressedMessages: 3, compressedPayloadBytes: 3 * text.length })
      expect(ended.stats![sender].compressedWireBytes).toBeLessThan(3 * text.length)
    }
    const frames = app.of('frame', 'echo-1')
    expect(frames.every((f) => f.action === 'relayed')).toBe(true)
    expect(frames.filter((f) => f.sender === 'client').every((f) => f.masked && f.maskingKey !== null)).toBe(true)
    expect(Buffer.from(frames[0].header, 'base64')[0]).toBe(0xc1) // FIN, RSV1 (compressed), text
  })

  it('rewrites only Host, Origin when asked, and adds a session’s headers (registered without a URL)', async () => {
    const server = await startTestServer()
    const upstream = await target()
    const response = await fetch(`http://127.0.0.1:${server.port}/api/taps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: upstream.url,
        origin: 'https://app.example',
        headers: [
          ['Authorization', 'Bearer s3cret'],
          ['Cookie', 'a=1'],
        ],
      }),
    })
    expect(response.status).toBe(201)
    const { session, tapPath } = (await response.json()) as { session: string; tapPath: string }
    expect(tapPath).toBe(`/tap?session=${session}`)
    const ws = await openWs(`ws://127.0.0.1:${server.port}${tapPath}&capture=s1`, { headers: { 'X-Custom': 'kept', Cookie: 'replaced=yes' } }, ['chat.v1'])
    ws.send('hi')
    await nextMessage(ws)
    const { req } = upstream.connections[0]
    expect(req.url).toBe('/socket?room=1')
    expect(req.headers).toMatchObject({
      host: `127.0.0.1:${upstream.port}`,
      origin: 'https://app.example',
      authorization: 'Bearer s3cret',
      cookie: 'a=1',
      'x-custom': 'kept',
      'sec-websocket-protocol': 'chat.v1',
    })
    expect(upstream.connections[0].received).toEqual(['hi'])
  })

  it('sends pings and reports pong round trips, injects frames, closes with any code, and can stop the client’s pongs', async () => {
    const server = await startTestServer()
    const upstream = await target()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('ctl')
    const client = await openWs(tapUrl(`http://127.0.0.1:${server.port}`, { target: upstream.url, capture: 'ctl' }))
    await until(() => upstream.connections.length === 1)
    const serverSide = upstream.connections[0].ws

    app.send({ type: 'ping', captureId: 'ctl', to: 'server', payload: encodeBase64(utf8Encode('rtt?')), commandId: 'p1' })
    const pong = await app.waitFor('pong', (p) => p.from === 'server')
    expect(Buffer.from(bytesFromJson(pong.payload)).toString()).toBe('rtt?')
    expect(pong.rttMs).toBeGreaterThanOrEqual(0)
    expect(await app.answer('p1')).toMatchObject({ ok: true, queued: false })
    app.send({ type: 'ping', captureId: 'ctl', to: 'client' })
    expect(await app.waitFor('pong', (p) => p.from === 'client')).toMatchObject({ from: 'client' })

    // Injected frames arrive as real messages, masked correctly (ws refuses unmasked client frames).
    const toClient = nextMessage(client)
    app.send({ type: 'inject', captureId: 'ctl', to: 'client', frame: { opcode: 1, payload: encodeBase64(utf8Encode('from the tap')) } })
    expect((await toClient).data.toString()).toBe('from the tap')
    app.send({ type: 'inject', captureId: 'ctl', to: 'server', frame: { opcode: 2, payload: encodeBase64(Uint8Array.of(1, 2, 3)) } })
    await until(() => upstream.connections[0].received.length === 1)
    await app.waitFor('frame', (f) => f.action === 'injected' && f.opcode === 2)
    const injected = app.of('frame', 'ctl').filter((f) => f.action === 'injected')
    expect(injected.map((f) => [f.sender, f.opcode, f.masked])).toEqual([
      ['client', 9, true],
      ['server', 9, false],
      ['server', 1, false],
      ['client', 2, true],
    ])

    // Auto-pong off: the server's ping reaches the client, whose pong the tap swallows.
    const answered = () => upstream.connections[0].pongs.filter((p) => p === 'are you there').length
    serverSide.ping('are you there')
    await until(() => answered() === 1)
    app.send({ type: 'auto-pong', captureId: 'ctl', enabled: false, commandId: 'ap' })
    expect(await app.answer('ap')).toMatchObject({ ok: true })
    serverSide.ping('are you there')
    await app.waitFor('frame', (f) => f.action === 'dropped')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(answered()).toBe(1)

    const clientClosed = closed(client)
    app.send({ type: 'close', captureId: 'ctl', to: 'client', code: 4321, reason: 'tap says bye' })
    expect(await clientClosed).toEqual({ code: 4321, reason: 'tap says bye' })
  })

  it('relays to a wss:// target over TLS (a self-signed one with insecure=1)', async () => {
    const https = createHttpsServer(selfSignedCert())
    const wss = new WebSocketServer({ server: https })
    wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`secure: ${data}`)))
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
    onCleanup(() => {
      for (const c of wss.clients) c.terminate()
      return new Promise((resolve) => https.close(resolve))
    })
    const target = `wss://localhost:${(https.address() as { port: number }).port}/`
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('tls')
    const ws = await openWs(tapUrl(`http://127.0.0.1:${server.port}`, { target, capture: 'tls', insecure: '1' }))
    ws.send('hello')
    expect((await nextMessage(ws)).data.toString()).toBe('secure: hello')
    expect((await app.waitFor('handshake')).requestText).toMatch(/Host: localhost:\d+\r\n/)
    expect(await app.waitFor('message', (m) => m.sender === 'server' && m.messageType === 'text')).toMatchObject({ data: { length: 13 } })
  })

  it('refuses controls that would break the stream or make no sense, with reasons', async () => {
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('bad')
    await openWs(tapUrl(`http://127.0.0.1:${server.port}`, { target: `ws://127.0.0.1:${server.port}/echo`, capture: 'bad' }), { perMessageDeflate: true })
    await app.waitFor('handshake')
    const ask = (command: Record<string, unknown>) => {
      const commandId = `c${app.events.length}`
      app.send({ ...command, commandId })
      return app.answer(commandId)
    }
    expect(await ask({ type: 'inject', captureId: 'bad', to: 'server', frame: { opcode: 1, rsv1: true, payload: 'AA==' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/corrupt the stream/),
    })
    expect(await ask({ type: 'ping', captureId: 'nope' })).toMatchObject({ ok: false, message: expect.stringMatching(/not live/) })
    expect(await ask({ type: 'close', captureId: 'bad', code: 70000 })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/close.code must be an integer from 0 to 65535/),
    })
    expect(await ask({ type: 'ping', captureId: 'bad', payload: encodeBase64(new Uint8Array(126)) })).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/126 bytes; at most 125/),
    })
    expect(await ask({ type: 'subscribe', version: 9, captureId: '*' })).toMatchObject({ type: 'error', message: expect.stringMatching(/version must be 1/) })
    expect(await ask({ type: 'launch' })).toMatchObject({ type: 'error', message: expect.stringMatching(/unknown command type "launch"/) })
  })

  it('refuses bad tap requests with a 4xx that says why', async () => {
    const server = await startTestServer()
    const live = await target()
    await openWs(`ws://127.0.0.1:${server.port}/tap?capture=taken&target=${encodeURIComponent(live.url)}`)
    const cases: [string, number, RegExp][] = [
      ['/tap', 400, /target is required/],
      ['/tap?target=http%3A%2F%2Fexample.com', 400, /ws:\/\/ or wss:\/\/ URL, not http:\/\/ \(did you mean ws:\/\/\?\)/],
      ['/tap?target=not%20a%20url', 400, /is not a URL/],
      ['/tap?target=ws%3A%2F%2Fu%3Ap%40example.com', 400, /must not carry user:password/],
      ['/tap?target=ws%3A%2F%2Fexample.com&capture=a%20b', 400, /capture must be 1 to 64/],
      ['/tap?session=nope', 404, /no tap session "nope"/],
      ['/tap?target=ws%3A%2F%2Fexample.com&tragret=1', 400, /unknown query parameter "tragret"/],
      [`/tap?capture=taken&target=${encodeURIComponent(live.url)}`, 409, /capture id "taken" is in use/],
    ]
    for (const [path, status, reason] of cases) {
      const raw = await rawUpgrade(server.port, path)
      expect([path, raw.status]).toEqual([path, status])
      expect(raw.rest.toString()).toMatch(reason)
    }
    const bad = await fetch(`http://127.0.0.1:${server.port}/api/taps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'wss://x.example', headers: [['Bad\nName', 'v']] }),
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: '"Bad\nName" is not a valid header name' })
  })
})
