import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FeedFrame } from '../shared/capture-batch.ts'
import { FrameKeep, frameJsonOf } from './capture-frames.ts'

/** An unmasked frame of `length` payload bytes (7- or 16-bit length) at `offset` of the sender's stream. */
function frame(captureId: string, sender: 'client' | 'server', index: number, length: number, offset = index * 1000): FeedFrame {
  const header = length < 126 ? Uint8Array.from([0x82, length]) : Uint8Array.from([0x82, 126, length >> 8, length & 0xff])
  return { type: 'frame', captureId, t: index, sender, index, action: 'relayed', offset, header, payload: new Uint8Array(length).fill(index & 0xff) }
}

const indexes = (frames: FeedFrame[]) => frames.map((f) => f.index)

describe('the kept frames of captures', () => {
  it('answers a range of frame indexes with copies of the frames, cut to the payload bound', () => {
    const keep = new FrameKeep({ frames: 100, bytes: 1 << 20, totalBytes: 1 << 20, payload: 10 })
    const original = frame('a', 'client', 0, 50)
    keep.add(original)
    for (let i = 1; i < 5; i++) keep.add(frame('a', 'client', i, 5))
    keep.add(frame('a', 'server', 0, 5))
    original.payload.fill(9)
    const answer = keep.range('a', 'client', 0, 3)
    expect(answer).toMatchObject({ from: 0, to: 3, keptFrom: 0, notKept: null })
    expect(indexes(answer.frames)).toEqual([0, 1, 2])
    expect(answer.frames[0].payload).toEqual(new Uint8Array(10))
    expect(indexes(keep.range('a', 'server', 0, 1000).frames)).toEqual([0])
    // Frames not seen yet are no loss.
    expect(keep.range('a', 'client', 3, 9)).toMatchObject({ notKept: null })
    expect(indexes(keep.range('a', 'client', 3, 9).frames)).toEqual([3, 4])
  })

  it('keeps the last frames of each capture within its count and byte bounds, saying which are no longer kept', () => {
    const keep = new FrameKeep({ frames: 10, bytes: 1 << 20, totalBytes: 1 << 20, payload: 1000 })
    for (let i = 0; i < 25; i++) keep.add(frame('a', i % 2 ? 'server' : 'client', i, 5))
    const client = keep.range('a', 'client', 0, 30)
    expect(indexes(client.frames)).toEqual([16, 18, 20, 22, 24])
    expect(client.keptFrom).toBe(16)
    expect(client.notKept).toMatch(/^frames 0 to 15 are no longer kept \(the server keeps the last 10 frames/)
    expect(keep.range('a', 'client', 15, 16).notKept).toMatch(/^frame 15 is no longer kept/)

    const small = new FrameKeep({ frames: 1000, bytes: 1000, totalBytes: 1 << 20, payload: 1000 })
    for (let i = 0; i < 40; i++) small.add(frame('b', 'client', i, 100))
    expect(small.bytes).toBeLessThanOrEqual(1000)
    expect(indexes(small.range('b', 'client', 0, 40).frames)).toEqual([34, 35, 36, 37, 38, 39])
  })

  it('bounds every capture together: the one holding most gives up its oldest', () => {
    const keep = new FrameKeep({ frames: 1000, bytes: 1 << 20, totalBytes: 5000, payload: 1000 })
    for (let i = 0; i < 30; i++) keep.add(frame('big', 'client', i, 100))
    for (let i = 0; i < 5; i++) keep.add(frame('small', 'server', i, 100))
    expect(keep.bytes).toBeLessThanOrEqual(5000)
    expect(keep.range('small', 'server', 0, 5).frames).toHaveLength(5)
    expect(keep.range('big', 'client', 0, 30).keptFrom).toBeGreaterThan(0)
    keep.forget('big')
    expect(keep.range('big', 'client', 0, 1)).toMatchObject({
      frames: [],
      keptFrom: Number.MAX_SAFE_INTEGER,
      notKept: expect.stringMatching(/no frames of capture big are kept here/),
    })
    expect(keep.bytes).toBe(5 * (2 + 100 + 64))
  })

  it('never holds more than its bounds, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ capture: fc.constantFrom('a', 'b', 'c'), sender: fc.constantFrom('client' as const, 'server' as const), length: fc.nat({ max: 3000 }) }),
          {
            maxLength: 300,
          },
        ),
        (arrivals) => {
          const keep = new FrameKeep({ frames: 20, bytes: 8000, totalBytes: 12000, payload: 500 })
          const next = new Map<string, number>()
          for (const a of arrivals) {
            const key = `${a.capture} ${a.sender}`
            const index = next.get(key) ?? 0
            next.set(key, index + 1)
            keep.add(frame(a.capture, a.sender, index, a.length))
            expect(keep.bytes).toBeLessThanOrEqual(12000)
          }
          for (const capture of ['a', 'b', 'c']) {
            const kept = ['client', 'server'].flatMap((s) => keep.range(capture, s as 'client', 0, 1000).frames)
            expect(kept.length).toBeLessThanOrEqual(20)
            expect(kept.every((f) => f.payload.length <= 500)).toBe(true)
            // What is kept is the newest: contiguous up to the last index.
            for (const s of ['client', 'server'] as const) {
              const r = keep.range(capture, s, 0, 1000)
              expect(indexes(r.frames)).toEqual(Array.from({ length: r.frames.length }, (_, k) => r.keptFrom + k))
            }
          }
        },
      ),
      { numRuns: 100 },
    )
  })

  it('finds the frame holding a byte of the stream, or says none is kept', () => {
    const keep = new FrameKeep({ frames: 3, bytes: 1 << 20, totalBytes: 1 << 20, payload: 4 })
    // Frames at 0 (2+200 bytes), 202 (2+10), 214 (2+300: 4 bytes kept, its full length still counts).
    keep.add(frame('a', 'server', 0, 200, 0))
    keep.add(frame('a', 'server', 1, 10, 202))
    keep.add(frame('a', 'server', 2, 300, 214))
    expect(keep.at('a', 'server', 205)).toMatchObject({ from: 1, to: 2, notKept: null })
    expect(keep.at('a', 'server', 213).frames[0].index).toBe(1)
    expect(keep.at('a', 'server', 214 + 4 + 250).frames[0].index).toBe(2)
    expect(keep.at('a', 'server', 214 + 4 + 300)).toMatchObject({ frames: [], notKept: expect.stringMatching(/no kept frame holds byte 518/) })
    keep.add(frame('a', 'server', 3, 1, 518))
    expect(keep.at('a', 'server', 5)).toMatchObject({ frames: [], keptFrom: 1, notKept: expect.stringMatching(/kept frames start at byte 202/) })
    expect(keep.at('a', 'client', 5).notKept).toMatch(/no frame of the client is kept/)
  })

  it("describes a kept header's fields as the JSON feed does", () => {
    expect(frameJsonOf(Uint8Array.from([0x81, 0x85, 1, 2, 3, 4]), 7)).toEqual({
      offset: 7,
      headerLength: 6,
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      masked: true,
      maskingKey: '01020304',
      payloadLength: 5,
      truncated: false,
    })
  })
})
