import { describe, expect, it } from 'vitest'
import type { DecodedFrame } from './captures-protocol.ts'
import { CACHED_ROWS, fetchFrames, TapFrames, type FramesRequest, type FramesReply } from './tap-frames.ts'

/** A server sender's stream of frames, each `[byte0]` with a 1-byte payload, keeping those from `keptFrom` on. */
function server(byte0s: number[], keptFrom = 0) {
  const asked: FramesRequest[] = []
  const frames: DecodedFrame[] = byte0s.map((b, index) => ({
    type: 'frame',
    captureId: 'c',
    t: index,
    sender: 'server',
    index,
    action: 'relayed',
    offset: index * 3,
    header: Uint8Array.from([b, 1]),
    payload: Uint8Array.from([index]),
    payloadLength: 1,
  }))
  const request = async (r: FramesRequest): Promise<FramesReply> => {
    asked.push(r)
    if (!('from' in r)) return { ok: false, error: 'by offset' }
    // Answers hold at most 3 frames, as an answer cut at its byte bound does.
    const kept = frames.filter((f) => f.index! >= Math.max(r.from, keptFrom) && f.index! < r.to).slice(0, 3)
    const to = kept.length === 3 ? kept[2].index! + 1 : r.to
    const notKept = r.from < keptFrom ? `frames before ${keptFrom} are no longer kept` : null
    return { ok: true, answer: { type: 'frames', captureId: 'c', commandId: null, sender: 'server', from: r.from, to, keptFrom, frames: kept, notKept } }
  }
  return { asked, request }
}

const indexes = (result: Awaited<ReturnType<typeof fetchFrames>>) => (result.status === 'frames' ? result.frames.map((f) => f.index) : result)

describe('frames fetched for a message', () => {
  it('are its first frame and the data frames after it, past control frames and answers cut short', async () => {
    // text (not fin), ping, continuation, pong, ping, continuation (fin), then the next message
    const { asked, request } = server([0x01, 0x89, 0x00, 0x8a, 0x89, 0x80, 0x81])
    expect(indexes(await fetchFrames(request, 'server', 0, 3, false))).toEqual([0, 2, 5])
    expect(asked.length).toBe(2)
    expect(indexes(await fetchFrames(request, 'server', 4, 1, true))).toEqual([4])
  })

  it('says when the server no longer keeps them, or failed to answer', async () => {
    const { request } = server([0x81, 0x81, 0x81], 2)
    expect(await fetchFrames(request, 'server', 1, 1, false)).toEqual({ status: 'not-kept', reason: 'frames before 2 are no longer kept' })
    expect(indexes(await fetchFrames(request, 'server', 2, 1, false))).toEqual([2])
    expect(await fetchFrames(request, 'server', 7, 1, false)).toEqual({ status: 'not-kept', reason: 'the server has none of its frames' })
    const failing = async (): Promise<FramesReply> => ({ ok: false, error: 'the captures connection closed' })
    expect(await fetchFrames(failing, 'server', 0, 1, false)).toEqual({ status: 'failed', reason: 'the captures connection closed' })
  })
})

describe("a connection's tapped rows", () => {
  it('know their frames by row, rows in between having none', () => {
    const frames = new TapFrames()
    const source = frames.addSource(server([]).request)
    frames.link(2, source, 10, 1)
    frames.link(5, source, 11, 2)
    expect([0, 1, 2, 3, 4, 5, 6].map((row) => frames.has(row))).toEqual([false, false, true, false, false, true, false])
    expect(frames.load(3, 'server', false)).toBeNull()
  })

  it('fetch a row once while it is among the latest shown, and ask again after a failure', async () => {
    const stream = server([0x81, 0x81])
    let fail = true
    const request = (r: FramesRequest): Promise<FramesReply> => (fail ? Promise.resolve({ ok: false, error: 'down' }) : stream.request(r))
    const frames = new TapFrames()
    const source = frames.addSource(request)
    for (let row = 0; row <= CACHED_ROWS; row++) frames.link(row, source, row % 2, 1)
    expect((await frames.load(0, 'server', false))!.status).toBe('failed')
    fail = false
    expect(indexes((await frames.load(0, 'server', false))!)).toEqual([0])
    await frames.load(0, 'server', false)
    expect(stream.asked.length).toBe(1)
    // Past the bound the least recently shown is asked for again.
    for (let row = 1; row <= CACHED_ROWS; row++) await frames.load(row, 'server', false)
    await frames.load(0, 'server', false)
    expect(stream.asked.length).toBe(CACHED_ROWS + 2)
  })
})
