import { afterEach, describe, expect, it } from 'vitest'
import { CapturesClient, nextMessage, openWs, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'
import { tapSettings } from './tap-sessions.ts'

afterEach(runCleanups)

describe('proxy mode (wsinspect tap --listen)', () => {
  it('relays any client to the target and publishes its connections as proxy captures', async () => {
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('*')
    const proxy = await server.listenProxy(0, tapSettings({ target: `ws://127.0.0.1:${server.port}/echo?threshold=0`, headers: [['X-Debug', '1']] }))
    const ws = await openWs(`ws://127.0.0.1:${proxy.port}/`)
    ws.send('through the proxy')
    expect((await nextMessage(ws)).data.toString()).toBe('through the proxy')
    const started = await app.waitFor('capture-started')
    expect(started).toMatchObject({ mode: 'proxy', target: `ws://127.0.0.1:${server.port}/echo?threshold=0` })
    const handshake = await app.waitFor('handshake')
    expect(handshake.requestText).toMatch(
      new RegExp(`^GET /echo\\?threshold=0 HTTP/1\\.1\\r\\n[^]*Host: 127\\.0\\.0\\.1:${server.port}\\r\\n[^]*X-Debug: 1\\r\\n`),
    )
    await app.waitFor('message', (m) => m.sender === 'server' && m.messageType === 'text')
    expect(app.of('hello')[0].captures).toEqual([])
  })

  it('maps other paths onto the target’s host, and reports the target’s refusal', async () => {
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    await app.subscribe('*')
    const proxy = await server.listenProxy(0, tapSettings({ target: `ws://127.0.0.1:${server.port}/echo` }))
    const raw = await rawUpgrade(proxy.port, '/nowhere?x=1', [], `127.0.0.1:${proxy.port}`)
    expect(raw.status).toBe(404)
    expect(raw.rest.toString()).toMatch(/no WebSocket endpoint at \/nowhere/)
    expect(await app.waitFor('upstream-error')).toMatchObject({ kind: 'status', status: { code: 404 } })
  })

  it('applies the Host and Origin rules of the main port', async () => {
    const server = await startTestServer()
    const proxy = await server.listenProxy(0, tapSettings({ target: `ws://127.0.0.1:${server.port}/echo` }))
    expect((await rawUpgrade(proxy.port, '/', [], `evil.example:${proxy.port}`)).status).toBe(403)
    expect((await rawUpgrade(proxy.port, '/', [['Origin', 'http://evil.example']])).status).toBe(403)
    expect((await rawUpgrade(proxy.port, '/', [['Sec-WebSocket-Version', '12']])).status).toBe(400)
  })
})
