import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { StreamDecoder } from './stream-decoder.ts'
import { MessageEncoder } from './encoder.ts'
import { concatBytes, utf8Encode } from './bytes.ts'
import { isValidUtf8 } from './utf8.ts'
import type { CountingSink, DecoderEvent } from './decoder-events.ts'
import type { Sender } from './sender.ts'

interface Message {
  kind: 'text' | 'binary' | 'ping'
  bytes: Uint8Array
  fragments: number
}

/** Text messages whose bytes may or may not be UTF-8, some fragmented, with pings and binary between. */
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => ({ kind: 'text' as const, bytes: utf8Encode(s), fragments: 1 })),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'text' as const, bytes, fragments: 1 })),
  fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 2, max: 4 })).map(([bytes, fragments]) => ({ kind: 'text' as const, bytes, fragments })),
  fc.uint8Array({ maxLength: 20 }).map((bytes) => ({ kind: 'binary' as const, bytes, fragments: 1 })),
  // Larger than a slab's pieces (4 KiB): unmasked into an array of its own.
  fc.string({ minLength: 4000, maxLength: 5000 }).map((s) => ({ kind: 'text' as const, bytes: utf8Encode(s), fragments: 1 })),
  fc.uint8Array({ maxLength: 20 }).map((bytes) => ({ kind: 'ping' as const, bytes, fragments: 1 })),
)

function capture(from: Sender, messages: Message[]): Uint8Array {
  const encoder = new MessageEncoder({ sender: from })
  const frames: Uint8Array[] = []
  for (const m of messages) {
    if (m.kind === 'ping') frames.push(encoder.ping(m.bytes))
    else if (m.kind === 'binary') frames.push(encoder.binary(m.bytes))
    else {
      // Raw text frames: the encoder would refuse bytes that are not UTF-8.
      const step = Math.ceil(m.bytes.length / m.fragments) || 1
      for (let i = 0, n = 0; n < m.fragments; i += step, n++) {
        const last = n === m.fragments - 1
        frames.push(encoder.frame({ opcode: n === 0 ? 1 : 0, fin: last, payload: m.bytes.subarray(i, last ? m.bytes.length : i + step) }))
      }
    }
  }
  return concatBytes(frames)
}

type Seen = { kind: 'frame'; frame: object } | { kind: 'message'; type: string; data: number[] } | { kind: 'finding'; code: string; offset: number }

/** What a consumer learns, whichever way it is told: frames (copied: a counting sink's are reused), messages' bytes, findings. */
function seen(e: DecoderEvent): Seen {
  if (e.kind === 'frame') return { kind: 'frame', frame: { ...e } }
  if (e.kind === 'message') return { kind: 'message', type: e.type, data: [...e.data] }
  return { kind: 'finding', code: e.finding.code, offset: e.finding.offset }
}

function decode(
  bytes: Uint8Array,
  from: Sender,
  chunk: number,
  consumer: 'queue' | 'counting',
  prove?: (bytes: Uint8Array, start: number, end: number) => boolean,
) {
  const events: Seen[] = []
  const sink: CountingSink = {
    push: (e) => events.push(seen(e)),
    wholeMessage: (type, b, start, end) => events.push({ kind: 'message', type, data: [...b.subarray(start, end)] }),
    provesUtf8: prove,
  }
  const decoder = new StreamDecoder({ from, ...(consumer === 'counting' ? { sink } : {}) })
  for (let p = 0; p < bytes.length && !decoder.stopped; p += chunk) {
    decoder.receiveData(bytes.subarray(p, p + chunk))
    events.push(...decoder.eventsReceived().map(seen))
  }
  decoder.receiveEof()
  events.push(...decoder.eventsReceived().map(seen))
  return { events, error: decoder.error, truncated: decoder.truncated, offset: decoder.offset }
}

describe('StreamDecoder: a counting sink, told of whole messages as ranges, that may prove text valid UTF-8', () => {
  it('learns the same frames, messages and findings (1007 included) as the queue gives, in chunks of any size', () => {
    let vouchedFor = 0
    fc.assert(
      fc.property(
        fc.constantFrom<Sender>('client', 'server'),
        fc.array(message, { maxLength: 12 }),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1000, max: 70000 })),
        fc.integer({ min: 0, max: 12 }),
        (from, messages, chunk, cut) => {
          const bytes = capture(from, messages)
          const input = bytes.subarray(0, Math.max(0, bytes.length - cut))
          const vouched: number[][] = []
          // A proof that is right when it says yes (and sometimes does not know).
          const prove = (b: Uint8Array, start: number, end: number) => {
            const text = b.slice(start, end)
            const yes = text.length % 3 !== 0 && isValidUtf8(text)
            if (yes) vouched.push([...text])
            return yes
          }
          const expected = decode(input, from, chunk, 'queue')
          expect(decode(input, from, chunk, 'counting', prove)).toEqual(expected)
          expect(decode(input, from, chunk, 'counting')).toEqual(expected)
          // Only whole text messages are asked about: each one vouched for is among the messages.
          const texts = expected.events.flatMap((e) => (e.kind === 'message' && e.type === 'text' ? [e.data] : []))
          for (const text of vouched) expect(texts).toContainEqual(text)
          vouchedFor += vouched.length
        },
      ),
      { numRuns: 1500 },
    )
    expect(vouchedFor).toBeGreaterThan(100)
  })

  it('still fails a message its sink does not vouch for, at the same byte', () => {
    const bad = new MessageEncoder({ sender: 'server' }).frame({ opcode: 1, fin: true, payload: Uint8Array.from([0x7b, 0x22, 0xc0, 0x80, 0x22]) })
    const good = new MessageEncoder({ sender: 'server' }).text('{"a":1}')
    const input = concatBytes([good, bad, good])
    const proved = decode(input, 'server', input.length, 'counting', (b, start) => b[start + 2] !== 0xc0)
    expect(proved).toEqual(decode(input, 'server', input.length, 'queue'))
    expect(proved.error).toMatchObject({ code: 'message.invalid-utf8', closeCode: 1007, offset: good.length })
    expect(proved.error?.message).toContain('byte 0xc0 at position 2')
  })
})
