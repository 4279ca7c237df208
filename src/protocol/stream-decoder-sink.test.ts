import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { StreamDecoder } from './stream-decoder.ts'
import { MessageEncoder } from './encoder.ts'
import { concatBytes, utf8Encode } from './bytes.ts'
import { isValidUtf8 } from './utf8.ts'
import type { DecoderEvent } from './decoder-events.ts'
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

function decode(bytes: Uint8Array, from: Sender, chunk: number, consumer: 'queue' | 'sink', prove?: (text: Uint8Array) => boolean) {
  const events: DecoderEvent[] = []
  const decoder = new StreamDecoder({ from, ...(consumer === 'sink' ? { sink: events } : {}), provesUtf8: prove })
  for (let p = 0; p < bytes.length && !decoder.stopped; p += chunk) {
    decoder.receiveData(bytes.subarray(p, p + chunk))
    events.push(...decoder.eventsReceived())
  }
  decoder.receiveEof()
  events.push(...decoder.eventsReceived())
  return { events, error: decoder.error, truncated: decoder.truncated, offset: decoder.offset }
}

describe('StreamDecoder: a sink, and a consumer that proves text valid UTF-8', () => {
  it('gives the same frames, messages and findings (1007 included) as the queue, in chunks of any size', () => {
    let vouchedFor = 0
    fc.assert(
      fc.property(
        fc.constantFrom<Sender>('client', 'server'),
        fc.array(message, { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 12 }),
        (from, messages, chunk, cut) => {
          const bytes = capture(from, messages)
          const input = bytes.subarray(0, Math.max(0, bytes.length - cut))
          const vouched: Uint8Array[] = []
          // A proof that is right when it says yes (and sometimes does not know).
          const prove = (text: Uint8Array) => {
            const yes = text.length % 3 !== 0 && isValidUtf8(text)
            if (yes) vouched.push(text.slice())
            return yes
          }
          const expected = decode(input, from, chunk, 'queue')
          expect(decode(input, from, chunk, 'sink', prove)).toEqual(expected)
          expect(decode(input, from, chunk, 'queue', prove)).toEqual(expected)
          // Only whole text messages are asked about: each one vouched for is among the messages.
          const texts = expected.events.filter((e) => e.kind === 'message' && e.type === 'text').map((e) => (e.kind === 'message' ? e.data : null))
          for (const text of vouched) expect(texts).toContainEqual(text)
          vouchedFor += vouched.length
        },
      ),
      { numRuns: 1500 },
    )
    expect(vouchedFor).toBeGreaterThan(100)
  })

  it('still fails a message its consumer does not vouch for, at the same byte', () => {
    const bad = new MessageEncoder({ sender: 'server' }).frame({ opcode: 1, fin: true, payload: Uint8Array.from([0x7b, 0x22, 0xc0, 0x80, 0x22]) })
    const good = new MessageEncoder({ sender: 'server' }).text('{"a":1}')
    const input = concatBytes([good, bad, good])
    const proved = decode(input, 'server', input.length, 'sink', (text) => text[2] !== 0xc0)
    expect(proved).toEqual(decode(input, 'server', input.length, 'queue'))
    expect(proved.error).toMatchObject({ code: 'message.invalid-utf8', closeCode: 1007, offset: good.length })
    expect(proved.error?.message).toContain('byte 0xc0 at position 2')
  })
})
