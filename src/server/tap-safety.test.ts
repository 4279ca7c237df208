import { afterEach, describe, expect, it, vi } from 'vitest'
import { tapUrl } from '../shared/capture-api.ts'
import { CapturesHub } from './captures-hub.ts'
import { tapSettings } from './tap-sessions.ts'
import { TapDirection } from './tap-direction.ts'
import { CapturesClient, closed, connectTcp, nextMessage, openWs, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(async () => {
  vi.restoreAllMocks()
  await runCleanups()
})

const tapPath = (target: string) => `/tap?target=${encodeURIComponent(target)}`

async function echoes(port: number): Promise<boolean> {
  const ws = await openWs(`ws://127.0.0.1:${port}/echo`)
  const reply = nextMessage(ws)
  ws.send('still here')
  return (await reply).data.toString() === 'still here'
}

describe('an exception while tapping', () => {
  it('fails that connection only, with a finding; the server goes on', async () => {
    const server = await startTestServer()
    const receive = TapDirection.prototype.receive
    vi.spyOn(TapDirection.prototype, 'receive').mockImplementation(function (this: TapDirection, chunk, t) {
      // What concatBytes threw on a 2^50-byte frame before the core's limits (issue 11).
      if (this.sender === 'server' && Buffer.from(chunk).includes('boom')) throw new RangeError('Invalid typed array length: 1125899906842624')
      return receive.call(this, chunk, t)
    })
    const app = await CapturesClient.open(server.port)
    await app.subscribe('crash-1')
    const ws = await openWs(tapUrl(`http://127.0.0.1:${server.port}`, { target: `ws://127.0.0.1:${server.port}/echo?deflate=0`, capture: 'crash-1' }))
    const gone = closed(ws)
    ws.send('boom')
    expect((await gone).code).toBe(1006)
    const found = await app.waitFor('finding', (e) => e.captureId === 'crash-1')
    expect(found.finding).toMatchObject({ code: 'tap.internal-error', closeCode: 1011 })
    expect(found.finding.message).toMatch(/could not handle the server's stream[^]*Invalid typed array length/)
    expect((await app.waitFor('capture-ended', (e) => e.captureId === 'crash-1')).reason).toMatch(/^internal error/)
    expect(await echoes(server.port)).toBe(true)
  })
})

describe('an exception in a captures API command', () => {
  it('answers that command with an error; the API and the server go on', async () => {
    const server = await startTestServer()
    vi.spyOn(CapturesHub.prototype as unknown as { run: () => void }, 'run').mockImplementationOnce(() => {
      throw new Error('a bug')
    })
    const app = await CapturesClient.open(server.port)
    app.send({ type: 'subscribe', version: 1, captureId: '*', commandId: 'c1' })
    expect(await app.answer('c1')).toMatchObject({ type: 'error', message: 'internal error: a bug' })
    await app.subscribe('after')
    expect(await echoes(server.port)).toBe(true)
  })
})

describe('tap recursion', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST.', '[::1]', '0.0.0.0', '127.0.0.5', '127.1', '[::ffff:127.0.0.1]', 'app.localhost'])(
    'refuses the server’s own /tap as a target, reached as %s',
    async (name) => {
      const server = await startTestServer()
      const inner = tapPath(`ws://127.0.0.1:${server.port}/echo`)
      const answer = await rawUpgrade(server.port, tapPath(`ws://${name}:${server.port}${inner}`))
      expect(answer.status).toBe(403)
      expect(answer.rest.toString()).toMatch(/is this wsinspect's own tap: a tap of the tap would only relay to itself/)
    },
  )

  it('still taps the server’s own endpoints, and other servers on loopback', async () => {
    const server = await startTestServer()
    const own = await rawUpgrade(server.port, tapPath(`ws://localhost:${server.port}/echo`))
    expect(own.status).toBe(101)
  })

  it('refuses a proxy listener of the server as a target, on any path, and a proxy listener aimed at the tap', async () => {
    const server = await startTestServer()
    const proxy = await server.listenProxy(0, tapSettings({ target: `ws://127.0.0.1:${server.port}/echo` }))
    const viaTap = await rawUpgrade(server.port, tapPath(`ws://127.0.0.1:${proxy.port}/anything`))
    expect(viaTap.status).toBe(403)
    expect(viaTap.rest.toString()).toMatch(/is a proxy listener of this wsinspect/)
    const looping = await server.listenProxy(0, tapSettings({ target: `ws://localhost:${server.port}/tap?target=ws%3A%2F%2Fexample.invalid%2F` }))
    expect((await rawUpgrade(looping.port, '/')).status).toBe(403)
    // Once the proxy has stopped, its port is nobody's.
    proxy.close()
    expect(server.context.loops.checkTarget.bind(server.context.loops, tapSettings({ target: `ws://127.0.0.1:${proxy.port}/` }).target)).not.toThrow()
  })

  it('refuses a /tap request that arrives over one of the server’s own upstream sockets, whatever name led there', async () => {
    const server = await startTestServer()
    const upstream = await connectTcp(server.port)
    // As connectUpstream does for every target: the guard learns the socket's local end once connected.
    server.context.loops.watch(upstream)
    upstream.emit('connect')
    upstream.write(
      `GET ${tapPath('ws://example.invalid/')} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
    const answer = await new Promise<string>((resolve) => upstream.once('data', (chunk: Buffer) => resolve(chunk.toString())))
    expect(answer).toMatch(/^HTTP\/1\.1 403[^]*comes from this wsinspect's own tap/)
  })
})
