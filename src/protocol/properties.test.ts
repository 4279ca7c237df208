import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { deflateParams, extensionsValue } from './test-arbitraries.ts'
import { decodeCapture, captureJson } from './decode-report.ts'
import { encodeFrameHeader, minimalLengthBits, type FrameHeader, type LengthBits } from './frame.ts'
import { decodeFrameHeader } from './frame-parser.ts'
import { MessageEncoder } from './encoder.ts'
import { concatBytes, utf8Decode } from './bytes.ts'
import { Utf8Validator, isValidUtf8 } from './utf8.ts'
import { mask } from './mask.ts'

const header: fc.Arbitrary<FrameHeader> = fc
  .record({
    fin: fc.boolean(),
    rsv1: fc.boolean(),
    rsv2: fc.boolean(),
    rsv3: fc.boolean(),
    opcode: fc.integer({ min: 0, max: 15 }),
    maskingKey: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: null }),
    payloadLength: fc.oneof(fc.integer({ min: 0, max: 125 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    extraBits: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
  })
  .map(({ extraBits, maskingKey, ...h }) => {
    const minimal = minimalLengthBits(h.payloadLength)
    const forms: LengthBits[] = [7, 16, 64]
    const lengthBits = forms[Math.min(2, forms.indexOf(minimal) + extraBits)]
    return { ...h, masked: maskingKey !== null, maskingKey, lengthBits }
  })

describe('frame header: encode and decode are exact inverses', () => {
  it('decode(encode(h)) = h for every header, in every length form', () => {
    fc.assert(
      fc.property(header, (h) => {
        const bytes = encodeFrameHeader(h)
        const decoded = decodeFrameHeader(bytes)
        expect(decoded.ok && decoded.header).toEqual(h)
        expect(decoded.ok && decoded.headerLength).toBe(bytes.length)
      }),
      { numRuns: 2000 },
    )
  })

  it('encode(decode(b)) = b for every complete header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 14, maxLength: 14 }), (bytes) => {
        if ((bytes[1] & 0x7f) === 127) {
          // keep 64-bit lengths within 2^53 so they round-trip as numbers
          bytes[2] = 0
          bytes[3] &= 0x1f
        }
        const decoded = decodeFrameHeader(bytes)
        if (!decoded.ok) throw new Error('14 bytes always hold a header')
        expect(encodeFrameHeader(decoded.header)).toEqual(bytes.subarray(0, decoded.headerLength))
      }),
      { numRuns: 2000 },
    )
  })
})

type Msg = { kind: 'text'; text: string } | { kind: 'binary'; data: Uint8Array } | { kind: 'ping' | 'pong'; data: Uint8Array }

const message: fc.Arbitrary<Msg> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'grapheme', maxLength: 300 }) }),
  fc.record({ kind: fc.constant('binary' as const), data: fc.uint8Array({ maxLength: 70_000 }) }),
  fc.record({ kind: fc.constantFrom('ping' as const, 'pong' as const), data: fc.uint8Array({ maxLength: 125 }) }),
)

describe('messages: encode → decode round trip', () => {
  it('any messages, either sender, any fragmentation, with or without compression, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(message, fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }), fc.boolean()), { maxLength: 8 }),
        fc.constantFrom<'client' | 'server'>('client', 'server'),
        deflateParams,
        fc.integer({ min: 1, max: 5000 }),
        (messages, sender, deflate, chunkSize) => {
          const encoder = new MessageEncoder({ sender, deflate })
          const frames = messages.map(([m, fragmentSize, compress]) => {
            const options = { fragmentSize, compress: compress && deflate !== null }
            if (m.kind === 'text') return encoder.text(m.text, options)
            if (m.kind === 'binary') return encoder.binary(m.data, options)
            return m.kind === 'ping' ? encoder.ping(m.data) : encoder.pong(m.data)
          })
          const result = decodeCapture(concatBytes(frames), { from: sender, extensions: extensionsValue(deflate), chunkSize, maxPayload: 0 })
          expect(result.error).toBeNull()
          expect(result.truncated).toBe(false)
          expect(result.messages.map((m) => (m.type === 'text' ? { kind: 'text', text: utf8Decode(m.data) } : { kind: m.type, data: m.data }))).toEqual(
            messages.map(([m]) => m),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('arbitrary bytes', () => {
  it('never throw, always end in frames or a finding, and give the same result in any chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom<'client' | 'server'>('client', 'server'),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (bytes, from, deflate, chunkSize) => {
          const options = { from, extensions: deflate ? 'permessage-deflate' : null, maxPayload: 1000 }
          const whole = decodeCapture(bytes, options)
          const chunked = decodeCapture(bytes, { ...options, chunkSize })
          expect(captureJson(chunked)).toEqual(captureJson(whole))
          // Every byte is accounted for: consumed by frames, or the stream stopped on an error or a close.
          const ended = whole.error !== null || whole.truncated || whole.messages.at(-1)?.type === 'close' || whole.consumed === bytes.length
          expect(ended).toBe(true)
          if (bytes.length > 0) expect(whole.frames.length > 0 || whole.error !== null || whole.truncated).toBe(true)
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('UTF-8 validation agrees with the platform decoder', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true })
  const platformValid = (b: Uint8Array) => {
    try {
      fatal.decode(b)
      return true
    } catch {
      return false
    }
  }
  const utf8ish = fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }).map((s) => new TextEncoder().encode(s)),
    fc
      .array(fc.constantFrom(0x41, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f), { maxLength: 12 })
      .map((a) => Uint8Array.from(a)),
  )

  it('whole and split at any point', () => {
    fc.assert(
      fc.property(utf8ish, fc.nat(), (bytes, cut) => {
        expect(isValidUtf8(bytes)).toBe(platformValid(bytes))
        const at = bytes.length ? cut % bytes.length : 0
        const v = new Utf8Validator()
        const ok = v.push(bytes, 0, at) === -1 && v.push(bytes, at, bytes.length) === -1 && v.complete
        expect(ok).toBe(platformValid(bytes))
      }),
      { numRuns: 5000 },
    )
  })

  it('finds a bad byte in long ASCII runs at any alignment within a shared buffer', () => {
    fc.assert(
      fc.property(fc.nat({ max: 7 }), fc.integer({ min: 0, max: 200 }), fc.nat(), fc.constantFrom(0x80, 0xff, 0xc2, 0xe0), (offset, length, at, bad) => {
        const buffer = new Uint8Array(offset + length + 8).fill(0x61)
        const bytes = buffer.subarray(offset, offset + length)
        const where = length ? at % length : -1
        if (where >= 0) bytes[where] = bad
        const found = new Utf8Validator().push(bytes)
        // 0xc2 and 0xe0 start a character: the byte after them is the bad one (or the message ends inside it).
        const expected = where < 0 ? -1 : bad === 0xc2 || bad === 0xe0 ? (where + 1 < length ? where + 1 : -1) : where
        expect(found).toBe(expected)
        expect(isValidUtf8(bytes)).toBe(platformValid(bytes))
      }),
      { numRuns: 3000 },
    )
  })
})

describe('masking', () => {
  it('is its own inverse and does not depend on how the payload is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(), (data, key, cut) => {
        const masked = mask(data, key)
        expect(mask(masked, key)).toEqual(data)
        const at = data.length ? cut % data.length : 0
        expect(concatBytes([mask(data.subarray(0, at), key, 0), mask(data.subarray(at), key, at)])).toEqual(masked)
      }),
    )
  })
})
