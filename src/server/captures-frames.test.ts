import { afterEach, describe, expect, it } from 'vitest'
import { mask } from '../protocol/index.ts'
import { bytesFromJson, FRAME_PAYLOAD_KEPT, MAX_FRAMES_ANSWER_BYTES, MAX_FRAMES_PER_REQUEST, tapUrl, type FramesCommand } from '../shared/capture-api.ts'
import type { FeedFrame, FeedFramesAnswer, FeedMessage } from '../shared/capture-batch.ts'
import { CapturesClient, nextMessage, openWs, runCleanups, startTestServer, until } from './test-support.ts'

afterEach(runCleanups)

/** Opens a socket through the tap to the server's own /echo (no compression) under `capture`. */
async function tapEcho(port: number, capture: string) {
  return openWs(tapUrl(`http://127.0.0.1:${port}`, { target: `ws://127.0.0.1:${port}/echo?deflate=0`, capture }))
}

const messages = (app: CapturesClient) => app.records.filter((r): r is FeedMessage => r.type === 'message')

let asked = 0
/** Sends a `frames` request and waits for its binary answer. */
async function ask(app: CapturesClient, request: Omit<FramesCommand, 'type'>): Promise<FeedFramesAnswer> {
  const commandId = `frames-${++asked}`
  app.send({ type: 'frames', ...request, commandId })
  await until(() => app.answers.some((a) => a.commandId === commandId), `the answer to ${commandId}`)
  return app.answers.find((a) => a.commandId === commandId)!
}

/** A frame's payload unmasked with its header's key (if any). */
function unmasked(f: FeedFrame): Uint8Array {
  if (!(f.header[1] & 0x80)) return f.payload
  return mask(f.payload, new DataView(f.header.buffer, f.header.byteOffset + f.header.length - 4, 4).getUint32(0))
}

describe('frames on demand', () => {
  it('sends no relayed frames to a subscriber with frames "none", and answers for the frames of a message', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary', frames: 'none' })
    await app.subscribe('lean')
    const ws = await tapEcho(server.port, 'lean')
    // A message in two fragments with a Ping between them, then a short one.
    ws.send('first half ', { fin: false })
    ws.ping('between')
    ws.send('second half', { fin: true })
    await nextMessage(ws)
    ws.send('short')
    await nextMessage(ws)
    await until(() => messages(app).filter((m) => m.messageType === 'text').length === 4)

    expect(app.records.filter((r) => r.type === 'frame')).toEqual([])
    // The Ping is complete first, so its message comes first.
    const [ping, fragmented, short] = messages(app).filter((m) => m.sender === 'client')
    expect(fragmented).toMatchObject({ firstFrame: 0, frameCount: 2, headerBytes: 12 })
    expect(ping).toMatchObject({ messageType: 'ping', firstFrame: 1, headerBytes: 6 })
    expect(short).toMatchObject({ firstFrame: 3, frameCount: 1, headerBytes: 6 })
    expect(
      messages(app)
        .filter((m) => m.sender === 'server')
        .every((m) => m.headerBytes === 2),
    ).toBe(true)

    const answer = await ask(app, { captureId: 'lean', sender: 'client', from: 0, to: 3 })
    expect(answer).toMatchObject({ captureId: 'lean', sender: 'client', from: 0, to: 3, keptFrom: 0, notKept: null })
    expect(answer.frames.map((f) => [f.index, f.header[0] & 0x0f, f.offset])).toEqual([
      [0, 1, 0],
      [1, 9, 6 + 11],
      [2, 0, 6 + 11 + 6 + 7],
    ])
    const data = answer.frames.filter((f) => (f.header[0] & 0x08) === 0).map((f) => new TextDecoder().decode(unmasked(f)))
    expect(data.join('')).toBe('first half second half')

    // The frame holding a byte of the stream (a finding's offset).
    const held = await ask(app, { captureId: 'lean', sender: 'client', offset: 6 + 11 + 6 + 3 })
    expect(held).toMatchObject({ from: 1, to: 2, notKept: null })
    expect(new TextDecoder().decode(unmasked(held.frames[0]))).toBe('between')
  })

  it('answers JSON subscribers with the frames as JSON events, payloads cut to their limit', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ frames: 'none' })
    await app.subscribe('plain', 3)
    const ws = await tapEcho(server.port, 'plain')
    ws.send('hello')
    await nextMessage(ws)
    await app.waitFor('message', (m) => m.sender === 'server')
    expect(app.of('frame', 'plain')).toEqual([])
    app.send({ type: 'frames', captureId: 'plain', sender: 'server', from: 0, to: 5, commandId: 'j' })
    const answer = await app.waitFor('frames', (e) => e.commandId === 'j')
    expect(answer).toMatchObject({ from: 0, to: 5, keptFrom: 0, notKept: null })
    expect(answer.frames).toHaveLength(1)
    expect(answer.frames[0]).toMatchObject({ type: 'frame', index: 0, opcode: 1, fin: true, masked: false, payloadLength: 5, header: 'gQU=' })
    expect(Buffer.from(bytesFromJson(answer.frames[0].payload)).toString()).toBe('hel')
    expect(answer.frames[0].payload).toMatchObject({ length: 5, truncated: true })
  })

  it('ends an answer early at its byte bound, so the app asks again from its end', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary', frames: 'none' })
    await app.subscribe('large', 1024 * 1024)
    const ws = await tapEcho(server.port, 'large')
    const count = MAX_FRAMES_ANSWER_BYTES / FRAME_PAYLOAD_KEPT + 8
    for (let i = 0; i < count; i++) {
      ws.send(Buffer.alloc(FRAME_PAYLOAD_KEPT * 2, i))
      await nextMessage(ws)
    }
    const first = await ask(app, { captureId: 'large', sender: 'server', from: 0, to: count })
    expect(first.to).toBe(MAX_FRAMES_ANSWER_BYTES / FRAME_PAYLOAD_KEPT)
    expect(first.frames.map((f) => f.payload.length)).toEqual(new Array(first.to).fill(FRAME_PAYLOAD_KEPT))
    const rest = await ask(app, { captureId: 'large', sender: 'server', from: first.to, to: count })
    expect(rest.frames.map((f) => f.index)).toEqual([32, 33, 34, 35, 36, 37, 38, 39])
  })

  it('says which frames are no longer kept once the bounds gave them up', async () => {
    const server = await startTestServer({ limits: { framesKept: 6 } })
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary', frames: 'none' })
    await app.subscribe('bounded')
    const ws = await tapEcho(server.port, 'bounded')
    for (let i = 0; i < 10; i++) {
      ws.send(`m${i}`)
      await nextMessage(ws)
    }
    const answer = await ask(app, { captureId: 'bounded', sender: 'client', from: 0, to: 10 })
    expect(answer.keptFrom).toBe(7)
    expect(answer.frames.map((f) => f.index)).toEqual([7, 8, 9])
    expect(answer.notKept).toMatch(/^frames 0 to 6 are no longer kept \(the server keeps the last 6 frames/)
    const unknown = await ask(app, { captureId: 'never', sender: 'server', from: 0, to: 1 })
    expect(unknown).toMatchObject({ frames: [], notKept: expect.stringMatching(/no frames of capture never are kept here/) })
  })

  it('refuses a bad request with a specific error and goes on serving', async () => {
    const server = await startTestServer()
    const app = (await CapturesClient.open(server.port)).use({ encoding: 'binary' })
    await app.subscribe('x')
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ captureId: 'x', from: 0, to: 1 }, /frames.sender must be "client" or "server", not undefined/],
      [{ captureId: 'x', sender: 'client' }, /frames needs from and to/],
      [{ captureId: 'x', sender: 'client', from: 5, to: 2 }, /frames.to must be an integer from 5 to/],
      [{ captureId: 'x', sender: 'client', from: -1, to: 2 }, /frames.from must be an integer from 0/],
      [{ captureId: 'x', sender: 'client', from: 0, to: MAX_FRAMES_PER_REQUEST + 1 }, /asks for 1025 frames \(from 0 to 1025\); at most 1024 per request/],
      [{ captureId: 'x', sender: 'client', from: 0, to: 1, offset: 3 }, /either offset or from and to, not both/],
      [{ captureId: 'x', sender: 'client', offset: 'a' }, /frames.offset must be an integer/],
      [{ captureId: '*', sender: 'client', from: 0, to: 1 }, /captureId must be 1 to 64 letters/],
    ]
    for (const [i, [request, error]] of cases.entries()) {
      app.send({ type: 'frames', ...request, commandId: `bad${i}` })
      expect(await app.answer(`bad${i}`)).toMatchObject({ type: 'error', message: expect.stringMatching(error) })
    }
    expect((await ask(app, { captureId: 'x', sender: 'client', from: 0, to: 0 })).frames).toEqual([])
  })
})
