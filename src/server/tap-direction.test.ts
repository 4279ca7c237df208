import { describe, expect, it } from 'vitest'
import {
  concatBytes,
  decodeCapture,
  encodeFrame,
  MessageEncoder,
  negotiatedDeflate,
  Opcode,
  utf8Decode,
  utf8Encode,
  type DecoderEvent,
} from '../protocol/index.ts'
import { TapDirection } from './tap-direction.ts'

const text = (s: string) => utf8Encode(s)
const frame = (opcode: number, payload: string, fin = true) => encodeFrame({ opcode, fin, payload: text(payload) })

/** A server stream: a fragmented "Hello" with a Ping inside, a Pong, then "next". */
const STREAM = [
  frame(Opcode.TEXT, 'Hel', false),
  frame(Opcode.PING, 'p'),
  frame(Opcode.CONTINUATION, 'lo'),
  frame(Opcode.PONG, 'x'),
  frame(Opcode.TEXT, 'next'),
]

function direction(sender: 'client' | 'server' = 'server', deflate = null as ReturnType<typeof negotiatedDeflate>['params']) {
  const out: Uint8Array[] = []
  const decoded: { event: DecoderEvent; action: string }[] = []
  const injected: number[] = []
  const d = new TapDirection(sender, deflate, 0, {
    write: (bytes) => out.push(bytes.slice()),
    decoded: (event, action) => decoded.push({ event, action }),
    injected: (_frame, offset) => injected.push(offset),
  })
  const output = () => concatBytes(out.length ? out : [new Uint8Array(0)])
  const messages = () => decodeCapture(output(), { from: sender }).messages.map((m) => `${m.type}:${utf8Decode(m.data)}`)
  return { d, output, messages, decoded, injected }
}

/** Feeds `bytes` in pieces of `size`, running `at` once the first `when` bytes have gone in. */
function feed(d: TapDirection, bytes: Uint8Array, size: number, when = bytes.length, at = () => {}): void {
  const pieces = (from: number, to: number) => {
    for (let p = from; p < to; p += size) d.receive(bytes.subarray(p, Math.min(to, p + size)), 0)
  }
  pieces(0, when)
  at()
  pieces(when, bytes.length)
}

describe('TapDirection', () => {
  it('relays any chunking byte for byte', () => {
    const all = concatBytes(STREAM)
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const { d, output } = direction()
      feed(d, all, size)
      d.end(0)
      expect(output()).toEqual(all)
    }
  })

  it('puts an injected control frame at the next frame boundary and a data frame after the fragmented message', () => {
    const all = concatBytes(STREAM)
    for (const size of [1, 2, 3, 4, 100]) {
      const { d, messages, injected } = direction()
      // In the middle of the first fragment's header.
      feed(d, all, size, 1, () => {
        expect(d.inject(frame(Opcode.TEXT, 'injected data'), 0)).toBe(true)
        expect(d.inject(frame(Opcode.PING, 'injected ping'), 0)).toBe(true)
      })
      d.end(0)
      // Order is kept: the ping waits behind the data frame, which waits for the message's end.
      expect(messages()).toEqual(['ping:p', 'text:Hello', 'text:injected data', 'ping:injected ping', 'pong:x', 'text:next'])
      expect(injected).toEqual([STREAM[0].length + STREAM[1].length + STREAM[2].length, STREAM[0].length + STREAM[1].length + STREAM[2].length])
    }
  })

  it('lets a control frame in between fragments', () => {
    const all = concatBytes(STREAM)
    const { d, messages } = direction()
    feed(d, all, 1, 1, () => d.inject(frame(Opcode.PING, 'between'), 0))
    d.end(0)
    expect(messages()).toEqual(['ping:between', 'ping:p', 'text:Hello', 'pong:x', 'text:next'])
  })

  it('writes at once when the stream is at a boundary', () => {
    const { d, output } = direction()
    d.receive(STREAM[4], 0)
    const injectedFrame = frame(Opcode.TEXT, 'now')
    expect(d.inject(injectedFrame, 0)).toBe(false)
    expect(output()).toEqual(concatBytes([STREAM[4], injectedFrame]))
  })

  it('swallows Pongs whole, however they are split, when asked to', () => {
    const all = concatBytes(STREAM)
    for (const size of [1, 2, 3, 100]) {
      const { d, messages, decoded } = direction()
      d.dropPongs = true
      feed(d, all, size)
      d.end(0)
      expect(messages()).toEqual(['ping:p', 'text:Hello', 'text:next'])
      expect(decoded.filter((e) => e.action === 'dropped').map((e) => e.event.kind === 'frame' && e.event.opcode)).toEqual([Opcode.PONG])
    }
  })

  it('relays a stream it cannot decode unchanged and refuses to inject into it', () => {
    const broken = concatBytes([frame(Opcode.TEXT, 'ok'), encodeFrame({ opcode: 0x3, payload: text('?') }), frame(Opcode.PONG, 'after')])
    const { d, output } = direction()
    d.dropPongs = true
    feed(d, broken, 2)
    d.end(0)
    expect(output()).toEqual(broken)
    expect(d.injectProblem).toMatch(/could not be decoded past byte 4 \(opcode 0x3/)
  })

  it('leaves a compressed stream intact around an uncompressed injected message', () => {
    const deflate = negotiatedDeflate('permessage-deflate').params
    const encoder = new MessageEncoder({ sender: 'client', deflate })
    const first = encoder.text('Hello')
    const second = encoder.text('Hello')
    const { d, output } = direction('client', deflate)
    d.receive(first, 0)
    d.inject(new MessageEncoder({ sender: 'client' }).text('plain'), 0)
    d.receive(second, 0)
    const decoded = decodeCapture(output(), { from: 'client', extensions: 'permessage-deflate' })
    expect(decoded.error).toBeNull()
    expect(decoded.messages.map((m) => [utf8Decode(m.data), m.compressed])).toEqual([
      ['Hello', true],
      ['plain', false],
      ['Hello', true],
    ])
  })
})
