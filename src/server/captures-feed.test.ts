import { afterEach, describe, expect, it } from 'vitest'
import { mask } from '../protocol/index.ts'
import { BACKLOG_EVENTS, bytesFromJson, tapUrl } from '../shared/capture-api.ts'
import type { FeedFrame, FeedMessage } from '../shared/capture-batch.ts'
import { CapturesClient, closed, nextMessage, openWs, runCleanups, startTestServer, until } from './test-support.ts'

afterEach(runCleanups)

/** Opens a socket through the tap to the server's own /echo (no compression) under `capture`. */
async function tapEcho(port: number, capture: string) {
  return openWs(tapUrl(`http://127.0.0.1:${port}`, { target: `ws://127.0.0.1:${port}/echo?deflate=0`, capture }))
}

const frames = (app: CapturesClient) => app.records.filter((r): r is FeedFrame => r.type === 'frame')
const messages = (app: CapturesClient) => app.records.filter((r): r is FeedMessage => r.type === 'message')

describe('the binary captures feed', () => {
  it('batches many frames and messages per WebSocket message, with the wire bytes and data exact', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary' })
    await app.subscribe('fast')
    const ws = await tapEcho(server.port, 'fast')
    const sent = Array.from({ length: 200 }, (_, i) => `message ${i} ${'x'.repeat(i)}`)
    let echoed = 0
    ws.on('message', () => echoed++)
    for (const text of sent) ws.send(text)
    await until(() => echoed === sent.length)
    await until(() => messages(app).filter((m) => m.messageType === 'text').length === 2 * sent.length)

    expect(app.batches).toBeLessThan(100)
    for (const sender of ['client', 'server'] as const) {
      const texts = messages(app).filter((m) => m.sender === sender)
      expect(texts.map((m) => new TextDecoder().decode(m.data))).toEqual(sent)
      expect(texts.every((m) => m.size === m.data.length && m.frameCount === 1 && !m.compressed)).toBe(true)
    }
    // The client's frames arrive masked as on the wire: unmasking them gives the text.
    const client = frames(app).filter((f) => f.sender === 'client')
    expect(client).toHaveLength(sent.length)
    for (const [i, f] of client.entries()) {
      expect(f.header[1] & 0x80).toBe(0x80)
      const key = new DataView(f.header.buffer, f.header.byteOffset + f.header.length - 4, 4).getUint32(0)
      expect(new TextDecoder().decode(mask(f.payload, key))).toBe(sent[i])
    }
  })

  it('cuts payloads to the limit and leaves frame payloads out with frames "headers"', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary', frames: 'headers' })
    await app.subscribe('cut', 10)
    const ws = await tapEcho(server.port, 'cut')
    ws.send('a'.repeat(300))
    await nextMessage(ws)
    await until(() => messages(app).length === 2)
    expect(messages(app).map((m) => [m.data.length, m.size])).toEqual([
      [10, 300],
      [10, 300],
    ])
    expect(frames(app).map((f) => [f.payload.length, f.header.length])).toEqual([
      [0, 8],
      [0, 4],
    ])
  })

  it('is not compressed, though the app offers permessage-deflate: the feed stays on this machine', async () => {
    const server = await startTestServer()
    const app = await CapturesClient.open(server.port)
    expect(app.ws.extensions).toBe('')
  })
})

describe('a subscriber that reads too slowly', () => {
  it.each(['json', 'binary'] as const)('loses events (%s feed), counted in dropped events, instead of making the server buffer them', async (encoding) => {
    const server = await startTestServer({ limits: { subscriberBufferBytes: 64 * 1024 } })
    const app = (await CapturesClient.open(server.port)).use({ encoding })
    await app.subscribe('slow')
    app.ws.pause()
    const ws = await tapEcho(server.port, 'slow')
    const payload = Buffer.alloc(64 * 1024, 7)
    for (let i = 0; i < 200; i++) {
      ws.send(payload)
      await nextMessage(ws)
    }
    app.ws.resume()
    await app.subscribe('another')
    // Each notice counts the events lost since the previous one; 200 round trips publish
    // 800 frame and message events with 64 KiB payloads.
    const dropped = app.of('dropped').reduce((sum, e) => sum + e.count, 0)
    expect(dropped).toBeGreaterThan(0)
    expect(app.delivered('slow') + dropped).toBe(800)
  })
})

describe('events from before anyone subscribed', () => {
  it('are kept for the first subscriber: start, handshake, then the early messages in order, then the end', async () => {
    const server = await startTestServer()
    const ws = await tapEcho(server.port, 'early')
    for (const text of ['one', 'two', 'three']) {
      ws.send(text)
      await nextMessage(ws)
    }
    const app = await CapturesClient.open(server.port)
    await app.subscribe('early')
    await app.waitFor('message', (m) => m.sender === 'server' && Buffer.from(bytesFromJson(m.data)).toString() === 'three')
    const types = app.events
      .filter((e) => 'captureId' in e && e.captureId === 'early' && e.type !== 'command-result')
      .map((e) => (e.type === 'message' ? `${e.sender} ${Buffer.from(bytesFromJson(e.data))}` : e.type))
    expect(types).toEqual(['capture-started', 'handshake', ...['one', 'two', 'three'].flatMap((t) => ['frame', `client ${t}`, 'frame', `server ${t}`])])

    // Delivered once: a second subscriber gets the start and handshake only.
    const late = await CapturesClient.open(server.port)
    await late.subscribe('early')
    expect(late.of('message', 'early')).toEqual([])
    ws.send('four')
    await nextMessage(ws)
    await until(() => late.of('message', 'early').length === 2 && app.of('message', 'early').length === 8)
  })

  it('keep only the last events, saying how many earlier ones were dropped', async () => {
    const server = await startTestServer()
    const ws = await tapEcho(server.port, 'long')
    const count = BACKLOG_EVENTS // 4 events each (2 frames, 2 messages)
    let echoed = 0
    ws.on('message', () => echoed++)
    for (let i = 0; i < count; i++) ws.send(`m${i}`)
    await until(() => echoed === count)
    // Closed both ways before anyone subscribes: every frame and message went to the backlog.
    ws.close()
    await closed(ws)
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary' })
    await app.subscribe('long')
    await app.waitFor('capture-ended')
    const marker = await app.waitFor('backlog-dropped')
    const kept = app.records.filter((r) => 'captureId' in r && r.captureId === 'long' && (r.type === 'frame' || r.type === 'message'))
    expect(kept.length).toBeLessThanOrEqual(BACKLOG_EVENTS)
    // Close frames and messages are among them; everything published is either kept or counted.
    expect(kept.length + marker.count).toBe(4 * count + 4)
    const last = messages(app)
      .filter((m) => m.messageType === 'text')
      .at(-1)!
    expect(new TextDecoder().decode(last.data)).toBe(`m${count - 1}`)
    expect(app.records.findIndex((r) => r.type === 'backlog-dropped')).toBeLessThan(app.records.findIndex((r) => r.type === 'frame'))
  })

  it('count a payload bigger than the backlog without keeping it', async () => {
    const server = await startTestServer()
    const ws = await tapEcho(server.port, 'big')
    ws.send(Buffer.alloc(2 * 1024 * 1024, 1))
    await nextMessage(ws)
    ws.send('small')
    await nextMessage(ws)
    const app = await CapturesClient.open(server.port)
    await app.subscribe('big')
    // Two frames and two messages of 2 MiB; the small message's four events are kept.
    expect(await app.waitFor('backlog-dropped')).toMatchObject({ count: 4 })
    await until(() => app.of('message', 'big').length === 2)
    expect(app.of('message', 'big').map((m) => Buffer.from(bytesFromJson(m.data)).toString())).toEqual(['small', 'small'])
  })
})
