/**
 * The verdict does not depend on how the bytes arrive: decoding a stream whole and in random
 * chunks gives the same frames, messages, findings and error, for any deflate parameters
 * (windows down to 8 bits, with or without context takeover), small message limits and
 * corrupted input.
 *
 * Runs 10,000 cases by default; set WSINSPECT_CHUNKING_RUNS (e.g. 1000000 for a nightly run)
 * to change that, and WSINSPECT_CHUNKING_SEED to replay a failure.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { StreamDecoder } from './stream-decoder.ts'
import { MessageEncoder } from './encoder.ts'
import { frameJson } from './decode-report.ts'
import { concatBytes, toHex } from './bytes.ts'
import type { DeflateParams } from './permessage-deflate-params.ts'
import type { Sender } from './sender.ts'
import type { DecoderEvent } from './decoder-events.ts'

const RUNS = Number(process.env.WSINSPECT_CHUNKING_RUNS ?? 10_000)
const SEED = process.env.WSINSPECT_CHUNKING_SEED === undefined ? undefined : Number(process.env.WSINSPECT_CHUNKING_SEED)

interface Options {
  from: Sender
  deflate: DeflateParams | null
  maxPayload: number
}

/** Every event in a comparable form, then how decoding ended. */
function decode(bytes: Uint8Array, options: Options, sizes: readonly number[]): unknown[] {
  const decoder = new StreamDecoder({ ...options, maxFragments: 50 })
  const out: unknown[] = []
  const collect = (events: DecoderEvent[]) => {
    for (const e of events) {
      if (e.kind === 'frame') out.push(frameJson(e))
      else if (e.kind === 'message') out.push({ ...e, data: toHex(e.data) })
      else out.push(e.finding)
    }
  }
  let p = 0
  for (let i = 0; p < bytes.length && !decoder.stopped; i++) {
    const size = sizes[i % sizes.length]!
    decoder.receiveData(bytes.subarray(p, p + size))
    p += size
    collect(decoder.eventsReceived())
  }
  decoder.receiveEof()
  collect(decoder.eventsReceived())
  out.push({ error: decoder.error, truncated: decoder.truncated, missing: decoder.missingBytes, closed: decoder.closed })
  return out
}

const negotiated: fc.Arbitrary<DeflateParams | null> = fc.option(
  fc.record({
    serverNoContextTakeover: fc.boolean(),
    clientNoContextTakeover: fc.boolean(),
    serverMaxWindowBits: fc.integer({ min: 8, max: 15 }),
    clientMaxWindowBits: fc.integer({ min: 8, max: 15 }),
  }),
  { nil: null },
)

const payload = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 300 }),
  // Long repeats: far back-references and a high inflation ratio.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 2000 })).map(([unit, n]) => {
    const out = new Uint8Array(unit.length * n)
    for (let i = 0; i < n; i++) out.set(unit, i * unit.length)
    return out
  }),
  fc
    .tuple(fc.uint8Array({ minLength: 300, maxLength: 1200 }), fc.uint8Array({ minLength: 1, maxLength: 40 }))
    .map(([far, tail]) => concatBytes([far, tail, far.subarray(0, 200)])),
)

const message = fc.record({
  text: fc.boolean(),
  data: payload,
  compress: fc.boolean(),
  fragmentSize: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
})

const scenario = fc.record({
  from: fc.constantFrom<Sender>('client', 'server'),
  deflate: negotiated,
  /** The window the sender really compresses with: may exceed what was negotiated. */
  encodeBits: fc.integer({ min: 9, max: 15 }),
  maxPayload: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 5000 })),
  messages: fc.array(message, { maxLength: 5 }),
  mutations: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
  noise: fc.option(fc.uint8Array({ maxLength: 200 }), { nil: null, freq: 6 }),
  sizes: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 12 }),
})

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

function build(s: Scenario): Uint8Array {
  if (s.noise) return s.noise
  const deflate = s.deflate && { ...s.deflate, serverMaxWindowBits: s.encodeBits, clientMaxWindowBits: s.encodeBits }
  const encoder = new MessageEncoder({ sender: s.from, deflate })
  const frames = s.messages.map((m) => {
    const options = { compress: m.compress && deflate !== null, fragmentSize: m.fragmentSize }
    return m.text ? encoder.text(new TextDecoder().decode(m.data), options) : encoder.binary(m.data, options)
  })
  const bytes = concatBytes(frames)
  for (const [at, value] of s.mutations) if (bytes.length) bytes[at % bytes.length] = value
  return bytes
}

describe('the verdict does not depend on chunking', () => {
  it(
    `whole and in random chunks, ${RUNS} cases`,
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const bytes = build(s)
          const options = { from: s.from, deflate: s.deflate, maxPayload: s.maxPayload }
          expect(decode(bytes, options, s.sizes)).toEqual(decode(bytes, options, [bytes.length || 1]))
        }),
        { numRuns: RUNS, seed: SEED },
      )
    },
    Math.max(60_000, RUNS * 20),
  )

  it('under server_max_window_bits=8, a distance beyond the window is refused whole as well as chunked', () => {
    // Compressed with a 15-bit window: the second copy of `far` refers 1,200 bytes back.
    let x = 1
    const far = Uint8Array.from({ length: 1200 }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24)
    const encoder = new MessageEncoder({
      sender: 'server',
      deflate: { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 },
    })
    const bytes = encoder.binary(concatBytes([far, far]), { compress: true })
    const options = {
      from: 'server' as const,
      deflate: { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 8, clientMaxWindowBits: 15 },
      maxPayload: 0,
    }
    const whole = decode(bytes, options, [bytes.length])
    expect(whole.at(-1)).toMatchObject({ error: { code: 'deflate.inflate-failed', closeCode: 1007, message: expect.stringContaining('too far back') } })
    expect(decode(bytes, options, [7])).toEqual(whole)
  })

  it('with a small limit, invalid UTF-8 inside the first limit bytes of an inflated message is found whole as well as chunked', () => {
    const text = concatBytes([new Uint8Array(50).fill(0x61), Uint8Array.of(0xff), new Uint8Array(200).fill(0x62)])
    const deflate = { serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 }
    const bytes = new MessageEncoder({ sender: 'server', deflate }).binary(text, { compress: true })
    bytes[0] = (bytes[0]! & 0xf0) | 0x01 // the same compressed payload, sent as text
    const options = { from: 'server' as const, deflate, maxPayload: 125 }
    const whole = decode(bytes, options, [bytes.length])
    expect(whole.at(-1)).toMatchObject({ error: { code: 'message.invalid-utf8' } })
    expect(decode(bytes, options, [3])).toEqual(whole)
  })
})
