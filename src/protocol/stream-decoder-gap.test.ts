import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concatBytes, utf8Decode, utf8Encode } from './bytes.ts'
import { encodeFrame, MessageEncoder } from './encoder.ts'
import type { DecoderEvent } from './decoder-events.ts'
import { StreamDecoder } from './stream-decoder.ts'

const server = (opcode: number, payload: string, fin = true) => encodeFrame({ opcode, fin, payload: utf8Encode(payload), mask: false })

/** Decodes `bytes` with bytes [from, to) lost, pushing the rest in chunks of `chunk` bytes. */
function decodeWithGap(bytes: Uint8Array, from: number, to: number, chunk = bytes.length || 1): DecoderEvent[] {
  const decoder = new StreamDecoder({ from: 'server' })
  const push = (part: Uint8Array) => {
    for (let p = 0; p < part.length; p += chunk) decoder.receiveData(part.subarray(p, p + chunk))
  }
  push(bytes.subarray(0, from))
  decoder.receiveGap(to - from)
  push(bytes.subarray(to))
  decoder.receiveEof()
  return decoder.eventsReceived()
}

const summary = (events: DecoderEvent[]) =>
  events.map((e) =>
    e.kind === 'frame'
      ? `frame ${e.offset}${e.truncated ? ' cut' : ''}`
      : e.kind === 'message'
        ? `${e.type} "${utf8Decode(e.data)}"${e.gap ? ` ${e.gap}` : ''}`
        : e.finding.code,
  )

describe('StreamDecoder.receiveGap', () => {
  it('the same events whatever the chunking', () => {
    const encoder = new MessageEncoder({ sender: 'server', deflate: null })
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        (texts, p, q, chunk) => {
          const bytes = concatBytes(texts.map((t) => encoder.text(t, { fragmentSize: 7 })))
          const from = p % bytes.length
          const to = from + (q % (bytes.length - from + 1))
          expect(decodeWithGap(bytes, from, to, chunk)).toEqual(decodeWithGap(bytes, from, to))
        },
      ),
    )
  })

  it('a gap in a header: the message in progress is cut; a lone control frame cut is a frame-cut finding', () => {
    const bytes = concatBytes([server(1, 'ab', false), server(0, 'cd'), server(1, 'one'), server(1, 'two'), server(1, 'six')])
    // The gap takes the second header's last byte and the continuation's payload.
    expect(summary(decodeWithGap(bytes, 5, 8))).toEqual([
      'frame 0',
      'text "ab" cut',
      'gap.message-cut',
      'gap.resynced',
      'frame 8',
      'text "one"',
      'frame 13',
      'text "two"',
      'frame 18',
      'text "six"',
    ])
    const ping = concatBytes([server(9, 'ping!'), server(1, 'one'), server(1, 'two'), server(1, 'six')])
    const events = decodeWithGap(ping, 4, 7)
    expect(summary(events)).toEqual([
      'frame 0 cut',
      'gap.frame-cut',
      'gap.resynced',
      'frame 7',
      'text "one"',
      'frame 12',
      'text "two"',
      'frame 17',
      'text "six"',
    ])
    expect(events[1]).toMatchObject({ finding: { message: 'a gap of 3 bytes cuts a ping frame with 2 of its 5 payload bytes', offset: 0, length: 4 } })
  })

  it('after a Close frame or a violation, a gap changes nothing', () => {
    const closed = concatBytes([encodeFrame({ opcode: 8, payload: new Uint8Array([3, 232]) }), server(1, 'late')])
    expect(summary(decodeWithGap(closed, 5, 6))).toEqual(['frame 0', 'close "\u0003\ufffd"'])
    const failed = concatBytes([server(3, 'x'), server(1, 'late')])
    expect(summary(decodeWithGap(failed, 4, 5))).toEqual(['frame 0', 'frame.reserved-opcode'])
  })
})
