import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mask } from '../protocol/index.ts'
import {
  CaptureBatchEncoder,
  decodeCaptureBatch,
  headerPayloadLength,
  type FeedFrame,
  type FeedFramesAnswer,
  type FeedMessage,
  type FeedRecord,
} from './capture-batch.ts'
import { feedMessage } from './testing/feed-message.ts'

const encode = (records: FeedRecord[]): Uint8Array => {
  const encoder = new CaptureBatchEncoder()
  for (const record of records) encoder.add(record)
  return encoder.finish()
}

/** A frame header as on the wire: any first byte, 7-, 16- or 64-bit length, masked or not. */
const header = (
  byte0: number,
  payloadLength: number,
  key: number | null,
  width: 7 | 16 | 64 = payloadLength < 126 ? 7 : payloadLength < 0x10000 ? 16 : 64,
): Uint8Array => {
  const out: number[] = [byte0, (key === null ? 0 : 0x80) | (width === 7 ? payloadLength : width === 16 ? 126 : 127)]
  if (width === 16) out.push(payloadLength >> 8, payloadLength & 0xff)
  if (width === 64) for (let i = 7; i >= 0; i--) out.push(Math.floor(payloadLength / 2 ** (8 * i)) % 256)
  if (key !== null) out.push(key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff)
  return Uint8Array.from(out)
}

const bytes = (max = 40) => fc.uint8Array({ maxLength: max })
const id = fc.constantFrom('tab-1', 'proxy-2', 'ü-3', 'x')
const sender = fc.constantFrom('client' as const, 'server' as const)
const time = fc.double({ noNaN: true, min: 0, max: 2 ** 45 })

const frame: fc.Arbitrary<FeedFrame> = fc
  .record({
    captureId: id,
    t: time,
    sender,
    index: fc.option(fc.nat({ max: 2 ** 40 })),
    action: fc.constantFrom('relayed' as const, 'injected' as const, 'dropped' as const),
    offset: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    byte0: fc.nat({ max: 255 }),
    key: fc.option(fc.nat({ max: 0xffffffff })),
    payload: bytes(),
    extra: fc.oneof(fc.constant(0), fc.nat({ max: 2 ** 40 })),
    width: fc.constantFrom(7 as const, 16 as const, 64 as const),
  })
  .map(({ byte0, key, payload, extra, width, ...rest }) => {
    const length = Math.min(payload.length + extra, width === 7 ? 125 : width === 16 ? 0xffff : 2 ** 50)
    return { type: 'frame', ...rest, header: header(byte0, length, key, width), payload }
  })

const message: fc.Arbitrary<FeedMessage> = fc
  .record({
    captureId: id,
    t: time,
    sender,
    index: fc.nat(),
    messageType: fc.constantFrom('text' as const, 'binary' as const, 'ping' as const, 'pong' as const, 'close' as const),
    data: bytes(),
    extra: fc.nat({ max: 1000 }),
    compressed: fc.boolean(),
    wireLength: fc.nat(),
    frameCount: fc.nat({ max: 1000 }),
    firstFrame: fc.nat(),
    headerBytes: fc.nat(),
    closeCode: fc.option(fc.nat({ max: 0xffff })),
    closeReason: fc.option(fc.string({ unit: 'grapheme', maxLength: 30 })),
  })
  .map(({ extra, ...m }) => ({ type: 'message', ...m, size: m.data.length + extra }))

const answer: fc.Arbitrary<FeedFramesAnswer> = fc
  .record({
    captureId: id,
    commandId: fc.option(fc.string({ maxLength: 12 })),
    sender,
    from: fc.nat(),
    to: fc.nat(),
    keptFrom: fc.nat(),
    notKept: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 })),
    frames: fc.array(frame, { maxLength: 5 }),
  })
  // An answer's frames are of its capture.
  .map((a) => ({ type: 'frames', ...a, frames: a.frames.map((f) => ({ ...f, captureId: a.captureId })) }))

const event: fc.Arbitrary<FeedRecord> = fc.oneof(
  fc.record({ type: fc.constant('dropped' as const), t: time, count: fc.nat() }),
  fc.record({ type: fc.constant('capture-ended' as const), captureId: id, t: time, reason: fc.string(), stats: fc.constant(null) }),
  fc.record({ type: fc.constant('backlog-dropped' as const), captureId: id, t: time, count: fc.nat(), bytes: fc.nat() }),
)

/** A single-frame message of `data` from a client (masked) or server, as the tap reports it. */
const oneFrame = (sender: 'client' | 'server', index: number, data: Uint8Array, opcode = 1): FeedRecord[] => {
  const key = sender === 'client' ? 0x37fa213d : null
  const wire = key === null ? data : mask(data, key)
  return [
    { type: 'frame', captureId: 'c', t: 1, sender, index, action: 'relayed', offset: 0, header: header(0x80 | opcode, data.length, key), payload: wire },
    feedMessage(data, { sender, index, messageType: opcode === 1 ? 'text' : 'ping', headerBytes: key === null ? 2 : 6 }),
  ]
}

/** A batch of one event record holding `json`. */
const encodeEvent = (json: string): Uint8Array => {
  const text = new TextEncoder().encode(json)
  return Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 0, 1, 3, text.length, ...text])
}

describe('captures batch', () => {
  it('decodes exactly what was encoded, for any records in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(frame, message, answer, event), { maxLength: 30 }), (records) => {
        const decoded = decodeCaptureBatch(encode(records))
        expect(decoded).toEqual({ ok: true, records })
      }),
      { numRuns: 300 },
    )
  })

  it("sends a message that repeats its frames' payload once: masked, fragmented and control alike", () => {
    const data = new TextEncoder().encode('x'.repeat(1000))
    const fragments: FeedRecord[] = [
      {
        type: 'frame',
        captureId: 'c',
        t: 1,
        sender: 'client',
        index: 7,
        action: 'relayed',
        offset: 0,
        header: header(0x01, 600, 0x01020304),
        payload: mask(data.subarray(0, 600), 0x01020304),
      },
      {
        type: 'frame',
        captureId: 'c',
        t: 1,
        sender: 'client',
        index: 8,
        action: 'relayed',
        offset: 610,
        header: header(0x80, 400, 0x0a0b0c0d),
        payload: mask(data.subarray(600), 0x0a0b0c0d),
      },
      feedMessage(data, { sender: 'client', index: 3, frameCount: 2, firstFrame: 7, headerBytes: 14 }),
    ]
    for (const records of [oneFrame('client', 0, data), oneFrame('server', 0, data), oneFrame('client', 0, data.subarray(0, 100), 9), fragments]) {
      const batch = encode(records)
      expect(batch.length).toBeLessThan(1000 + 200)
      expect(decodeCaptureBatch(batch)).toEqual({ ok: true, records })
    }
  })

  it('repeats the bytes when a control frame came between the fragments or the data differs', () => {
    const data = new Uint8Array(500).fill(65)
    const [frame0, message0] = oneFrame('server', 0, data)
    const other = { ...(message0 as FeedMessage), data: new Uint8Array(500).fill(66) }
    const batch = encode([frame0, other])
    expect(batch.length).toBeGreaterThan(1000)
    expect(decodeCaptureBatch(batch)).toEqual({ ok: true, records: [frame0, other] })
  })

  it('reads the full payload length from 7-, 16- and 64-bit headers', () => {
    expect(headerPayloadLength(header(0x82, 125, null))).toBe(125)
    expect(headerPayloadLength(header(0x82, 65535, 1))).toBe(65535)
    expect(headerPayloadLength(header(0x82, 2 ** 40 + 5, null))).toBe(2 ** 40 + 5)
  })

  it('says where a truncated batch ends, at every cut', () => {
    const batch = encode([...oneFrame('client', 0, new Uint8Array(20).fill(1)), { type: 'dropped', t: 1, count: 3 }])
    for (let cut = 0; cut < batch.length; cut++) {
      const result = decodeCaptureBatch(batch.subarray(0, cut))
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error).toMatch(/^not a captures batch: /)
    }
  })

  it('names what is wrong with a malformed batch', () => {
    const valid = encode(oneFrame('server', 0, new Uint8Array(4)))
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('{"type":"hello"}'), /does not start with "wscf"/],
      [Uint8Array.from([0x77, 0x73, 0x63, 0x66, 9]), /version 9 is not 2/],
      [Uint8Array.from([...valid, 0]), /1 bytes follow the last record/],
      // 2^50 records announced in a batch of a few bytes
      [
        Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        /announces 562949953421312 records but has 0 bytes left/,
      ],
      [Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 0, 1, 9]), /record 0 at byte 8 has unknown kind 9/],
      [Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 0, 1, 3, 2, 0x5b, 0x5d]), /record 0 is not an event object/],
      [Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 0, 1, 3, 1, 0x7b]), /record 0's JSON does not parse/],
      // A frames answer's JSON form smuggled in as an event
      [encodeEvent('{"type":"frames"}'), /record 0 is not an event object/],
      // A frames answer with unknown flags, and one announcing 2^21 frames in a few bytes
      [Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 1, 1, 0x63, 1, 4, 0, 0x08]), /frames record 0 has unknown flags 8/],
      [
        Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 1, 1, 0x63, 1, 4, 0, 0, 0, 0, 0, 0x80, 0x80, 0x01]),
        /announces 16384 frames but the batch has 0 bytes left/,
      ],
      // One of its frames with a header that is not one
      [
        Uint8Array.from([0x77, 0x73, 0x63, 0x66, 2, 0, 1, 1, 0x63, 1, 4, 0, 0, 0, 0, 0, 1, ...new Array<number>(8).fill(0), 0, 0, 3, 0x82, 0x88, 1]),
        /frame 0 of record 0's header of 3 bytes is not a complete frame header/,
      ],
    ]
    for (const [batch, error] of cases) {
      const result = decodeCaptureBatch(batch)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error).toMatch(error)
    }
  })

  it('says where a truncated frames answer ends, at every cut', () => {
    const a: FeedFramesAnswer = {
      type: 'frames',
      captureId: 'c',
      commandId: 'cmd1',
      sender: 'client',
      from: 3,
      to: 5,
      keptFrom: 4,
      notKept: 'frame 3 is no longer kept',
      frames: [oneFrame('client', 4, new Uint8Array(9).fill(2))[0] as FeedFrame],
    }
    const batch = encode([a])
    expect(decodeCaptureBatch(batch)).toEqual({ ok: true, records: [a] })
    for (let cut = 0; cut < batch.length; cut++) expect(decodeCaptureBatch(batch.subarray(0, cut)).ok).toBe(false)
  })

  it('refuses frames that reference bytes outside the batch or more masked bytes than it holds', () => {
    // One 8-byte payload; frame records pointing at bytes 4+8, then two masked frames sharing all 8.
    const head = [0x77, 0x73, 0x63, 0x66, 2, 8, ...new Array<number>(8).fill(0), 1, 1, 0x63]
    const frameRecord = (start: number, length: number) => [1, 0, ...new Array<number>(8).fill(0), 0, 0, 6, 0x82, 0x88, 1, 2, 3, 4, start, length]
    const outside = decodeCaptureBatch(Uint8Array.from([...head, 1, ...frameRecord(4, 8)]))
    expect(outside).toEqual({ ok: false, error: 'not a captures batch: the payload of record 0 (bytes 4+8) lies outside the 8 payload bytes' })
    const twice = decodeCaptureBatch(Uint8Array.from([...head, 2, ...frameRecord(0, 8), ...frameRecord(0, 8)]))
    expect(twice).toEqual({ ok: false, error: 'not a captures batch: its masked frames reference more than its 8 payload bytes' })
  })

  it('never throws on garbage or on a valid batch with bytes changed', () => {
    const valid = encode([...oneFrame('client', 0, new Uint8Array(30).fill(7)), { type: 'dropped', t: 2, count: 1 }])
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
        expect(typeof decodeCaptureBatch(garbage).ok).toBe('boolean')
      }),
    )
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.nat({ max: 255 }), (at, value) => {
        const changed = valid.slice()
        changed[at] = value
        const result = decodeCaptureBatch(changed)
        if (result.ok) for (const r of result.records) if (r.type === 'frame') expect(r.payload.length).toBeLessThanOrEqual(valid.length)
      }),
    )
  })
})
