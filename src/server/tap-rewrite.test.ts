import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { concatBytes, decodeCapture, MessageEncoder, negotiatedDeflate, utf8Decode, type DeflateParams } from '../protocol/index.ts'
import { applyRules } from '../rules/apply-rules.ts'
import type { RuleJson } from '../rules/rules.ts'
import { rulesOf } from '../rules/testing/rules-of.ts'
import { TapDirection } from './tap-direction.ts'
import type { Interceptor, MessageOutcome } from './tap-rewriter.ts'
import { CapturesClient, onCleanup, openWs, runCleanups, startTestServer, until } from './test-support.ts'

afterEach(runCleanups)

const enc = new TextEncoder()

function interceptor(rules: RuleJson[], canHold = false): Interceptor {
  return { rules: rulesOf(rules), canHold: () => canHold, holdTimeoutMs: 60_000, holdTimeoutAction: 'forward', maxHeldBytes: 1 << 20 }
}

function direction(sender: 'client' | 'server', deflate: DeflateParams | null, rules: RuleJson[]) {
  const out: Uint8Array[] = []
  const outcomes: MessageOutcome[] = []
  const d = new TapDirection(
    sender,
    deflate,
    0,
    { write: (b) => out.push(b.slice()), decoded: () => {}, injected: () => {}, outcome: (o) => outcomes.push(o) },
    interceptor(rules),
  )
  return { d, output: () => concatBytes(out), outcomes }
}

const DEFLATE = negotiatedDeflate('permessage-deflate; client_max_window_bits=10').params

describe('tap rewriting (unit)', () => {
  it('relays a compressed, fragmented stream byte for byte when no rule matches, in any chunking', () => {
    const encoder = new MessageEncoder({ sender: 'client', deflate: DEFLATE })
    const input = concatBytes([
      encoder.text('{"type":"hello"}'),
      encoder.ping(enc.encode('keepalive')),
      encoder.text('a longer message, a longer message, a longer message', { fragmentSize: 7 }),
      encoder.binary(new Uint8Array([1, 2, 3, 4, 5])),
      encoder.text('bye', { compress: false }),
    ])
    for (const size of [1, 3, 17, 1000]) {
      const { d, output, outcomes } = direction('client', DEFLATE, [{ direction: 'client', match: 'never matches', action: 'drop' }])
      for (let i = 0; i < input.length; i += size) d.receive(input.subarray(i, i + size), 0)
      expect(output()).toEqual(input)
      expect(outcomes.map((o) => o.mark)).toEqual(['original', 'original', 'original', 'original'])
    }
  })

  it('re-frames a changed message with a fresh mask and re-compresses from then on; the receiver’s inflater stays valid', () => {
    const encoder = new MessageEncoder({ sender: 'client', deflate: DEFLATE })
    const messages = ['first price: 1', 'second price: 2', 'third price: 3', 'fourth price: 3']
    const frames = messages.map((m, i) => encoder.text(m, { fragmentSize: i === 1 ? 4 : undefined }))
    const { d, output, outcomes } = direction('client', DEFLATE, [{ direction: 'client', match: 'price: (2)', replace: 'cost: $1$1' }])
    for (const f of frames) d.receive(f, 0)
    const out = output()
    // The first message is untouched: its original bytes lead the output.
    expect(out.subarray(0, frames[0].length)).toEqual(frames[0])
    const decoded = decodeCapture(out, { from: 'client' }, DEFLATE)
    expect(decoded.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(decoded.messages.map((m) => utf8Decode(m.data))).toEqual(['first price: 1', 'second cost: 22', 'third price: 3', 'fourth price: 3'])
    expect(decoded.frames.every((f) => f.masked)).toBe(true)
    // "Fragmentation kept where it can be": the changed message is split again.
    expect(decoded.messages[1].frameCount).toBeGreaterThan(1)
    expect(outcomes.map((o) => o.mark)).toEqual(['original', 'modified', 'original', 'original'])
    expect(outcomes[2].deliveredWire).not.toBeNull()
  })

  it('never holds Ping or Pong frames behind a held message, but keeps a Close behind it', () => {
    const encoder = new MessageEncoder({ sender: 'server' })
    const out: string[] = []
    const show = (b: Uint8Array) => decodeCapture(b, { from: 'server' }).messages.map((m) => `${m.type}:${m.closeReason ?? utf8Decode(m.data)}`)
    const d = new TapDirection(
      'server',
      null,
      0,
      { write: (b) => out.push(...show(b)), decoded: () => {}, injected: () => {} },
      interceptor([{ direction: 'server', match: 'order', action: 'break' }], true),
    )
    d.receive(concatBytes([encoder.text('order 1'), encoder.text('after'), encoder.ping(enc.encode('p')), encoder.close(1000, 'bye')]), 0)
    expect(out).toEqual(['ping:p'])
    expect(d.rewriter!.release('server-0', 'forward-edited', enc.encode('order 1 (edited)')).ok).toBe(true)
    expect(out).toEqual(['ping:p', 'text:order 1 (edited)', 'text:after', 'close:bye'])
    expect(d.rewriter!.release('server-0', 'drop', null)).toMatchObject({ ok: false })
    d.dispose()
  })

  it('forwards a message over the hold limit unchanged, with a finding', () => {
    const findings: string[] = []
    const out: Uint8Array[] = []
    const limits = { ...interceptor([{ direction: 'client', match: 'x', replace: 'y' }]), maxHeldBytes: 100 }
    const d = new TapDirection(
      'client',
      null,
      0,
      { write: (b) => out.push(b.slice()), decoded: () => {}, injected: () => {}, finding: (f) => findings.push(f.code) },
      limits,
    )
    const frame = new MessageEncoder({ sender: 'client' }).text('x'.repeat(500))
    for (let i = 0; i < frame.length; i += 50) d.receive(frame.subarray(i, i + 50), 0)
    expect(concatBytes(out)).toEqual(frame)
    expect(findings).toEqual(['proxy.message-over-limit'])
  })
})

/** An app server with permessage-deflate that records what it receives and sends `toSend` on connection. */
interface Sent {
  binary: boolean
  /** Sent as two frames (a fragmented message). */
  split?: boolean
  data: Buffer
}

function sendMessage(ws: WebSocket, m: Sent): void {
  if (!m.split || m.data.length < 2) return ws.send(m.data, { binary: m.binary })
  const half = m.data.length >> 1
  ws.send(m.data.subarray(0, half), { binary: m.binary, fin: false })
  ws.send(m.data.subarray(half), { binary: m.binary, fin: true })
}

async function appServer(options: ConstructorParameters<typeof WebSocketServer>[0], toSend: Sent[]) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options })
  await new Promise<void>((resolve) => wss.once('listening', resolve))
  onCleanup(() => new Promise((resolve) => wss.close(resolve)))
  const received: string[] = []
  const errors: string[] = []
  let peer: WebSocket | null = null
  wss.on('connection', (ws) => {
    peer = ws
    ws.on('message', (data, isBinary) => received.push(show(data as Buffer, isBinary)))
    ws.on('error', (e) => errors.push(e.message))
    for (const m of toSend) sendMessage(ws, m)
  })
  return { port: (wss.address() as { port: number }).port, received, errors, peer: () => peer }
}

const show = (data: Buffer, binary: boolean) => (binary ? `b:${data.toString('hex')}` : `t:${data.toString()}`)

const RULE_TEMPLATES: RuleJson[] = [
  { direction: 'client', match: 'a', replace: 'bb' },
  { direction: 'server', match: '(\\d)', replace: '[$1]' },
  { direction: 'both', match: '^b', action: 'drop' },
  { direction: 'both', match: 'price', replace: 'cost' },
  { direction: 'server', match: { hex: '61' }, replace: { hex: '6262' } },
  { direction: 'client', match: { hex: '00' }, action: 'drop' },
  // Nobody watches: a break forwards.
  { direction: 'both', match: 'c', action: 'break' },
]

describe('tap rewriting through a real connection (ws on both sides)', () => {
  it('keeps both endpoints’ inflaters valid under any rules, deflate parameters and messages', async () => {
    const server = await startTestServer()
    const message = fc.record({
      binary: fc.boolean(),
      text: fc.stringMatching(/^[abc0-9 price{}":]{0,40}$/),
      repeat: fc.integer({ min: 0, max: 200 }),
      split: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rules: fc.subarray(RULE_TEMPLATES),
          serverNoContextTakeover: fc.boolean(),
          clientNoContextTakeover: fc.boolean(),
          serverMaxWindowBits: fc.integer({ min: 9, max: 15 }),
          clientMaxWindowBits: fc.integer({ min: 9, max: 15 }),
          threshold: fc.constantFrom(0, 16),
          client: fc.array(message, { maxLength: 20 }),
          server: fc.array(message, { maxLength: 20 }),
        }),
        async (run) => {
          server.context.hub.rules.set(rulesOf(run.rules), {})
          const data = (m: { binary: boolean; text: string; repeat: number; split: boolean }) => ({
            binary: m.binary,
            split: m.split,
            data: Buffer.from(m.text + 'x'.repeat(m.repeat)),
          })
          const END = { binary: false, split: false, data: Buffer.from('END') }
          const fromServer = [...run.server.map(data), END]
          const fromClient = [...run.client.map(data), END]
          const deflate = {
            threshold: run.threshold,
            serverNoContextTakeover: run.serverNoContextTakeover,
            clientNoContextTakeover: run.clientNoContextTakeover,
            serverMaxWindowBits: run.serverMaxWindowBits,
            clientMaxWindowBits: run.clientMaxWindowBits,
          }
          const app = await appServer({ perMessageDeflate: deflate }, fromServer)
          const received: string[] = []
          const errors: string[] = []
          const target = encodeURIComponent(`ws://127.0.0.1:${app.port}/`)
          // Listening before the handshake ends: the app's first messages may come with its 101.
          const ws = new WebSocket(`ws://127.0.0.1:${server.port}/tap?target=${target}`, { perMessageDeflate: deflate })
          ws.on('message', (d, isBinary) => received.push(show(d as Buffer, isBinary)))
          ws.on('error', (e) => errors.push(e.message))
          await new Promise((resolve) => ws.once('open', resolve))
          for (const m of fromClient) sendMessage(ws, m)
          const expected = (sender: 'client' | 'server', list: Sent[]) =>
            list.flatMap((m) => {
              const out = applyRules(rulesOf(run.rules), sender, m.binary ? 'binary' : 'text', m.data)
              if (out.kind === 'drop') return []
              return [show(Buffer.from(out.kind === 'replace' ? out.data : m.data), m.binary)]
            })
          await until(() => received.at(-1) === 't:END' && app.received.at(-1) === 't:END', 'both ENDs')
          expect(errors).toEqual([])
          expect(app.errors).toEqual([])
          expect(received).toEqual(expected('server', fromServer))
          expect(app.received).toEqual(expected('client', fromClient))
          ws.terminate()
        },
      ),
      { numRuns: 100 },
    )
  }, 120_000)

  it('holds a message on a break until the inspector releases it, and lets pings through', async () => {
    const server = await startTestServer()
    server.context.hub.rules.set(rulesOf([{ direction: 'client', match: '"type":"order"', action: 'break' }]), {})
    const app = await appServer({ perMessageDeflate: { threshold: 0 } }, [])
    const inspector = await CapturesClient.open(server.port)
    await inspector.subscribe('*')
    expect(await inspector.waitFor('rules')).toMatchObject({ rules: [{ action: 'break' }], holdTimeoutMs: 60_000 })
    const ws = await openWs(`ws://127.0.0.1:${server.port}/tap?target=${encodeURIComponent(`ws://127.0.0.1:${app.port}/`)}&capture=held`, {
      perMessageDeflate: true,
    })
    ws.send('{"type":"order","qty":1}')
    ws.send('behind it')
    const held = await inspector.waitFor('message-outcome', (e) => e.mark === 'held')
    expect(held).toMatchObject({ sender: 'client', index: 0, holdId: 'client-0', rule: 0 })
    const pong = new Promise<void>((resolve) => ws.once('pong', () => resolve()))
    ws.ping('alive')
    await pong
    await new Promise((r) => setTimeout(r, 50))
    expect(app.received).toEqual([])
    inspector.send({
      type: 'release',
      captureId: 'held',
      holdId: 'client-0',
      action: 'forward-edited',
      data: Buffer.from('{"type":"order","qty":9}').toString('base64'),
      commandId: 'r1',
    })
    expect(await inspector.answer('r1')).toMatchObject({ ok: true })
    await until(() => app.received.length === 2, 'the released messages')
    expect(app.received).toEqual(['t:{"type":"order","qty":9}', 't:behind it'])
    const modified = await inspector.waitFor('message-outcome', (e) => e.mark === 'modified')
    expect(Buffer.from(modified.delivered!.base64, 'base64').toString()).toBe('{"type":"order","qty":9}')
    expect(Buffer.from(modified.original.base64, 'base64').toString()).toBe('{"type":"order","qty":1}')

    // Closing the inspector releases what is held.
    ws.send('{"type":"order","qty":2}')
    await inspector.waitFor('message-outcome', (e) => e.mark === 'held' && e.holdId !== 'client-0')
    inspector.ws.close()
    await until(() => app.received.length === 3, 'the release on close')
    expect(app.received[2]).toBe('t:{"type":"order","qty":2}')
    expect(app.errors).toEqual([])
  })

  it('drops or forwards a held message when the hold times out, and refuses bad rules with a message', async () => {
    const server = await startTestServer()
    const app = await appServer({ perMessageDeflate: { threshold: 0 } }, [])
    const inspector = await CapturesClient.open(server.port)
    await inspector.subscribe('*')
    inspector.send({ type: 'set-rules', rules: [{ direction: 'sideways', match: 'x', action: 'drop' }], commandId: 'bad' })
    expect(await inspector.answer('bad')).toMatchObject({ type: 'error', message: expect.stringMatching(/^set-rules: rule 1: "direction" must be/) })
    inspector.send({
      type: 'set-rules',
      rules: [{ direction: 'client', match: 'order', action: 'break' }],
      holdTimeoutMs: 200,
      holdTimeoutAction: 'drop',
      commandId: 'ok',
    })
    expect(await inspector.answer('ok')).toMatchObject({ ok: true })
    const ws = await openWs(`ws://127.0.0.1:${server.port}/tap?target=${encodeURIComponent(`ws://127.0.0.1:${app.port}/`)}`, { perMessageDeflate: true })
    ws.send('order 1')
    ws.send('after')
    expect(await inspector.waitFor('message-outcome', (e) => e.mark === 'dropped')).toMatchObject({ reason: expect.stringMatching(/timed out after 200 ms/) })
    await until(() => app.received.length === 1, 'the message behind')
    expect(app.received).toEqual(['t:after'])
    expect(app.errors).toEqual([])
  })

  it('narrows rules by payload decoder and kind, decoding with the negotiated subprotocol', async () => {
    const server = await startTestServer()
    const app = await appServer(
      { perMessageDeflate: { threshold: 0 }, handleProtocols: (offered) => (offered.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) },
      [],
    )
    const inspector = await CapturesClient.open(server.port)
    await inspector.subscribe('*')
    inspector.send({
      type: 'set-rules',
      rules: [
        { direction: 'client', decoder: 'graphql-ws', kind: 'heartbeat', action: 'drop' },
        { direction: 'client', kind: 'subscribe', match: 'orders', action: 'drop' },
      ],
      commandId: 'k',
    })
    expect(await inspector.answer('k')).toMatchObject({ ok: true })
    const ws = await openWs(`ws://127.0.0.1:${server.port}/tap?target=${encodeURIComponent(`ws://127.0.0.1:${app.port}/`)}`, { perMessageDeflate: true }, [
      'graphql-transport-ws',
    ])
    ws.send('{"type":"ping"}')
    ws.send('{"id":"1","type":"subscribe","payload":{"query":"subscription { orders }"}}')
    ws.send('{"id":"2","type":"subscribe","payload":{"query":"subscription { prices }"}}')
    ws.send('{"type":"pong"}')
    await until(() => app.received.length === 1, 'the one message no rule drops')
    expect(app.received).toEqual(['t:{"id":"2","type":"subscribe","payload":{"query":"subscription { prices }"}}'])
    const dropped = await inspector.waitFor('message-outcome', (e) => e.mark === 'dropped' && e.index === 3)
    expect(dropped.reason).toMatch(/rule 1/)
    expect(app.errors).toEqual([])
  })
})
