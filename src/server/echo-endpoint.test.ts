import { afterEach, describe, expect, it } from 'vitest'
import { headerValues, MessageEncoder, negotiatedDeflate, parseHandshake } from '../protocol/index.ts'
import { verdictOf } from '../check/report.ts'
import { runCheck } from './check-runner.ts'
import { decodeFrom, nextMessage, openWs, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

describe('/echo', () => {
  it('echoes text, binary and a 1 MiB message unchanged', async () => {
    const server = await startTestServer()
    const ws = await openWs(`ws://127.0.0.1:${server.port}/echo`)
    ws.send('Hello, echo')
    expect(await nextMessage(ws)).toEqual({ data: Buffer.from('Hello, echo'), isBinary: false })
    const binary = Buffer.from([0, 1, 2, 255, 254])
    ws.send(binary)
    expect(await nextMessage(ws)).toEqual({ data: binary, isBinary: true })
    const big = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff
    ws.send(big)
    const echoed = await nextMessage(ws)
    expect(echoed.isBinary).toBe(true)
    expect(echoed.data.equals(big)).toBe(true)
  })

  it('negotiates permessage-deflate and compresses its echoes', async () => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, '/echo', [['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits']])
    const extensions = headerValues(parseHandshake(raw.head).response!.headers, 'Sec-WebSocket-Extensions')[0]
    expect(extensions).toMatch(/^permessage-deflate/)
    const deflate = negotiatedDeflate(extensions).params
    const client = new MessageEncoder({ sender: 'client', deflate })
    const text = 'compress me, compress me, compress me, compress me'
    raw.socket.write(client.text(text))
    raw.socket.write(client.text(text))
    const decoded = await decodeFrom(raw.socket, raw.rest, 'server', deflate, (d) => d.messages.length === 2)
    for (const m of decoded.messages) {
      expect(m).toMatchObject({ type: 'text', compressed: true })
      expect(Buffer.from(m.data).toString()).toBe(text)
    }
    // With context takeover the second copy refers back to the first and is far smaller.
    expect(decoded.messages[1].wireLength).toBeLessThan(decoded.messages[0].wireLength)
    expect(decoded.messages[0].wireLength).toBeLessThan(text.length)
  })

  it('takes the extension parameters from the query', async () => {
    const server = await startTestServer()
    const off = await rawUpgrade(server.port, '/echo?deflate=0', [['Sec-WebSocket-Extensions', 'permessage-deflate']])
    expect(off.status).toBe(101)
    expect(off.head).not.toMatch(/Sec-WebSocket-Extensions/i)
    const on = await rawUpgrade(server.port, '/echo?server_no_context_takeover&server_max_window_bits=10', [['Sec-WebSocket-Extensions', 'permessage-deflate']])
    expect(on.head).toMatch(/Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; server_max_window_bits=10/i)
  })

  it.each([
    ['/echo?deflate=maybe', /deflate is a switch/],
    ['/echo?server_max_window_bits=16', /server_max_window_bits must be a whole number from 8 to 15, not "16"/],
    ['/echo?compress=1', /unknown query parameter "compress"/],
  ])('refuses %s with a 400 that says why', async (path, reason) => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, path)
    expect(raw.status).toBe(400)
    expect(raw.head + raw.rest.toString()).toMatch(reason)
  })
})

describe('/echo under wsinspect check', () => {
  it('grants server_no_context_takeover instead of refusing the handshake, and fails no case of a sample', async () => {
    const server = await startTestServer()
    const outcome = await runCheck({ url: `ws://127.0.0.1:${server.port}/echo`, cases: 'H.*,1.1.*,2.*,3.*,5.19,6.4.3,7.9.*,13.*.1,13.2.*', timeoutMs: 5000 })
    expect(outcome.kind).toBe('done')
    expect(outcome.report.cases.filter((c) => verdictOf(c) === 'FAILED').map((c) => `${c.id}: ${c.observed}`)).toEqual([])
    expect(outcome.report.cases.find((c) => c.id === '13.2.1')?.behavior).toBe('OK')
  }, 60_000)
})
