import { describe, expect, it } from 'vitest'
import { decodeCapture, captureJson, type CaptureOptions } from './decode-report.ts'
import { StreamDecoder } from './stream-decoder.ts'
import { encodeFrame, MessageEncoder } from './encoder.ts'
import { concatBytes, fromHex, utf8Encode } from './bytes.ts'
import { Opcode } from './opcodes.ts'
import { encodeCloseBody } from './close-body.ts'
import { DEFAULT_DEFLATE_PARAMS } from './permessage-deflate-params.ts'

const hex = (s: string) => fromHex(s.replace(/\s+/g, ''))!
const text = (s: string) => utf8Encode(s)
const server = (spec: Parameters<typeof encodeFrame>[0]) => encodeFrame({ ...spec, mask: spec.mask ?? false })
const client = (spec: Parameters<typeof encodeFrame>[0]) => encodeFrame({ ...spec, mask: spec.mask ?? 0x01020304 })

/** Decodes the same bytes whole and one byte at a time; both must agree exactly. */
function decodeBothWays(bytes: Uint8Array, options: CaptureOptions) {
  const whole = captureJson(decodeCapture(bytes, options))
  const byByte = captureJson(decodeCapture(bytes, { ...options, chunkSize: 1 }))
  expect(byByte).toEqual(whole)
  return whole
}

describe('violations: each is a finding with the close code a conforming endpoint sends', () => {
  const cases: [string, Uint8Array, CaptureOptions, string, number][] = [
    ['RSV2 set', server({ opcode: 1, rsv2: true, payload: text('a') }), { from: 'server' }, 'frame.reserved-bit', 1002],
    ['RSV3 set', server({ opcode: 1, rsv3: true }), { from: 'server' }, 'frame.reserved-bit', 1002],
    ['RSV1 without an extension', server({ opcode: 1, rsv1: true, payload: text('a') }), { from: 'server' }, 'frame.rsv1-without-extension', 1002],
    [
      'RSV1 on a continuation',
      concatBytes([server({ opcode: 1, fin: false, rsv1: true, payload: hex('f248cd') }), server({ opcode: 0, rsv1: true, payload: hex('c9c90700') })]),
      { from: 'server', extensions: 'permessage-deflate' },
      'frame.rsv1-on-continuation',
      1002,
    ],
    ['RSV1 on a ping', server({ opcode: 9, rsv1: true }), { from: 'server', extensions: 'permessage-deflate' }, 'frame.rsv1-on-control', 1002],
    ['reserved non-control opcode', server({ opcode: 3 }), { from: 'server' }, 'frame.reserved-opcode', 1002],
    ['reserved control opcode', server({ opcode: 0xb }), { from: 'server' }, 'frame.reserved-opcode', 1002],
    ['continuation with nothing to continue', server({ opcode: 0, payload: text('x') }), { from: 'server' }, 'frame.unexpected-continuation', 1002],
    [
      'new data frame inside a fragmented message',
      concatBytes([server({ opcode: 1, fin: false, payload: text('a') }), server({ opcode: 2, payload: text('b') })]),
      { from: 'server' },
      'frame.data-inside-fragmented',
      1002,
    ],
    ['fragmented control frame', server({ opcode: 9, fin: false }), { from: 'server' }, 'frame.fragmented-control', 1002],
    ['oversized control frame', server({ opcode: 10, payload: new Uint8Array(126) }), { from: 'server' }, 'frame.control-too-long', 1002],
    ['close body of 1 byte', server({ opcode: 8, payload: hex('03') }), { from: 'server' }, 'frame.close-one-byte', 1002],
    ['close code 1005 on the wire', server({ opcode: 8, payload: encodeCloseBody(1005) }), { from: 'server' }, 'close.invalid-code', 1002],
    ['close code 999', server({ opcode: 8, payload: encodeCloseBody(999) }), { from: 'server' }, 'close.invalid-code', 1002],
    ['close code 2000', server({ opcode: 8, payload: encodeCloseBody(2000) }), { from: 'server' }, 'close.invalid-code', 1002],
    ['unmasked client frame', server({ opcode: 1, payload: text('hi') }), { from: 'client' }, 'frame.unmasked-client-frame', 1002],
    ['masked server frame', client({ opcode: 1, payload: text('hi') }), { from: 'server' }, 'frame.masked-server-frame', 1002],
    ['invalid UTF-8 in a text message', server({ opcode: 1, payload: hex('48 c3 28') }), { from: 'server' }, 'message.invalid-utf8', 1007],
    ['a text message ending inside a character', server({ opcode: 1, payload: hex('48 e2 82') }), { from: 'server' }, 'message.invalid-utf8', 1007],
    ['UTF-16 surrogate in UTF-8', server({ opcode: 1, payload: hex('ed a0 80') }), { from: 'server' }, 'message.invalid-utf8', 1007],
    ['invalid UTF-8 in a close reason', server({ opcode: 8, payload: hex('03 e8 ff') }), { from: 'server' }, 'close.invalid-utf8-reason', 1007],
    [
      'compressed data that does not inflate',
      server({ opcode: 1, rsv1: true, payload: hex('ff ff ff ff') }),
      { from: 'server', extensions: 'permessage-deflate' },
      'deflate.inflate-failed',
      1007,
    ],
    ['message larger than max payload', server({ opcode: 2, payload: new Uint8Array(11) }), { from: 'server', maxPayload: 10 }, 'message.too-big', 1009],
    [
      'fragments adding up to more than max payload',
      concatBytes([server({ opcode: 2, fin: false, payload: new Uint8Array(6) }), server({ opcode: 0, payload: new Uint8Array(6) })]),
      { from: 'server', maxPayload: 10 },
      'message.too-big',
      1009,
    ],
    ['64-bit length with the most significant bit set', hex('82 7f 80 00 00 00 00 00 00 01'), { from: 'server' }, 'frame.length-msb-set', 1009],
  ]

  for (const [name, bytes, options, code, closeCode] of cases) {
    it(name, () => {
      const json = decodeBothWays(bytes, options)
      const result = decodeCapture(bytes, options)
      expect(result.error?.code).toBe(code)
      expect(json.error?.closeCode).toBe(closeCode)
      // The frame on which the error was found is the last one listed, at the error's offset.
      expect(json.frames.at(-1)?.offset).toBe(json.error?.offset)
      expect(result.error?.rfc).toMatch(/^RFC (6455|7692) §/)
    })
  }

  it('a compressed message inflating past max payload is too big (1009), a bomb is never inflated whole', () => {
    const encoder = new MessageEncoder({ sender: 'server', deflate: DEFAULT_DEFLATE_PARAMS })
    const bomb = encoder.binary(new Uint8Array(20 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(40_000)
    const c = decodeCapture(bomb, { from: 'server', extensions: 'permessage-deflate', maxPayload: 1024 * 1024 })
    expect(c.error).toMatchObject({ code: 'message.too-big', closeCode: 1009 })
  })

  it('max payload 0 means no limit', () => {
    const bytes = server({ opcode: 2, payload: new Uint8Array(200_000) })
    expect(decodeCapture(bytes, { from: 'server', maxPayload: 0 }).error).toBeNull()
  })

  it('the first violation wins and decoding stops there, keeping completed messages', () => {
    const bytes = concatBytes([server({ opcode: 1, payload: text('ok') }), server({ opcode: 3 }), server({ opcode: 1, payload: text('never') })])
    const json = decodeBothWays(bytes, { from: 'server' })
    expect(json.messages.map((m) => m.text)).toEqual(['ok'])
    expect(json.frames).toHaveLength(2)
    expect(json.error).toMatchObject({ closeCode: 1002, offset: 4 })
  })

  it('invalid UTF-8 fails fast in the first fragment, before the message ends', () => {
    const bytes = concatBytes([server({ opcode: 1, fin: false, payload: hex('ff') }), server({ opcode: 0, fin: false, payload: text('a') })])
    const json = decodeBothWays(bytes, { from: 'server' })
    expect(json.error).toMatchObject({ closeCode: 1007, offset: 0 })
  })

  it('a violation in a partial header is still found', () => {
    const json = decodeBothWays(hex('83 7e 00'), { from: 'server' })
    expect(json.error).toMatchObject({ closeCode: 1002, offset: 0 })
    expect(json.truncated).toBe(false)
  })
})

describe('valid streams', () => {
  it('control frames interleaved in a fragmented message come first', () => {
    const bytes = concatBytes([
      server({ opcode: 1, fin: false, payload: text('Hel') }),
      server({ opcode: 9, payload: text('p') }),
      server({ opcode: 0, fin: false, payload: text('l') }),
      server({ opcode: 10 }),
      server({ opcode: 0, payload: text('o') }),
    ])
    const json = decodeBothWays(bytes, { from: 'server' })
    expect(json.messages.map((m) => m.type)).toEqual(['ping', 'pong', 'text'])
    expect(json.messages[2]).toMatchObject({ text: 'Hello', frameCount: 3, wireLength: 5 })
  })

  it('a multi-byte character split across fragments is valid', () => {
    const euro = hex('e2 82 ac')
    const bytes = concatBytes([server({ opcode: 1, fin: false, payload: euro.subarray(0, 1) }), server({ opcode: 0, payload: euro.subarray(1) })])
    expect(decodeBothWays(bytes, { from: 'server' }).messages[0].text).toBe('€')
  })

  it('after a close message nothing more is decoded', () => {
    const bytes = concatBytes([server({ opcode: 8, payload: encodeCloseBody(1000, 'bye') }), server({ opcode: 3 })])
    const json = decodeBothWays(bytes, { from: 'server' })
    expect(json.error).toBeNull()
    expect(json.messages).toEqual([expect.objectContaining({ type: 'close', closeCode: 1000, closeReason: 'bye', text: 'bye' })])
    expect(json.frames).toHaveLength(1)
  })

  it('an empty close body has no code', () => {
    const json = decodeBothWays(server({ opcode: 8 }), { from: 'server' })
    expect(json.messages[0]).toMatchObject({ type: 'close', closeCode: null, closeReason: null })
    expect(json.messages[0].text).toBeUndefined()
  })

  it('input ending inside a frame is truncated, and says how much is missing', () => {
    const json = decodeBothWays(hex('81 05 48 65'), { from: 'server' })
    expect(json).toMatchObject({ truncated: true, error: null, missingBytes: 3, messages: [] })
    expect(json.frames[0]).toMatchObject({ payloadLength: 5, truncated: true })
    expect(decodeBothWays(hex('81'), { from: 'server' })).toMatchObject({ truncated: true, frames: [], missingBytes: 1 })
  })

  it('an unfinished fragmented message at the end is not an error', () => {
    const json = decodeBothWays(server({ opcode: 1, fin: false, payload: text('Hel') }), { from: 'server' })
    expect(json).toMatchObject({ error: null, truncated: false, messages: [] })
  })

  it('a non-minimal length is accepted with a warning', () => {
    const json = decodeBothWays(server({ opcode: 1, payload: text('hi'), lengthBits: 64 }), { from: 'server' })
    expect(json.error).toBeNull()
    expect(json.messages[0].text).toBe('hi')
    expect(json.warnings).toEqual([expect.objectContaining({ code: 'frame.non-minimal-length' })])
  })

  it('a client stream with compression, fragmentation and masking', () => {
    const encoder = new MessageEncoder({ sender: 'client', deflate: DEFAULT_DEFLATE_PARAMS, random: (b) => b.fill(7) })
    const messages = ['{"a":1}', '{"a":1}', 'x'.repeat(5000), '']
    const bytes = concatBytes(messages.map((m, i) => encoder.text(m, { fragmentSize: i === 2 ? 10 : undefined })))
    const json = decodeBothWays(bytes, { from: 'client', extensions: 'permessage-deflate' })
    expect(json.error).toBeNull()
    expect(json.messages.map((m) => m.text)).toEqual(messages)
    expect(json.messages.every((m) => m.compressed)).toBe(true)
    // The repeated message is smaller on the wire thanks to the shared window.
    expect(json.messages[1].wireLength).toBeLessThan(json.messages[0].wireLength)
  })

  it('keeps raw frame payloads for inspectors when asked', () => {
    const decoder = new StreamDecoder({ from: 'client', keepFramePayloads: true })
    const bytes = client({ opcode: Opcode.TEXT, payload: text('Hello'), mask: 0x37fa213d })
    decoder.receiveData(bytes.subarray(0, 8))
    decoder.receiveData(bytes.subarray(8))
    const frame = decoder.eventsReceived().find((e) => e.kind === 'frame')
    expect(frame && frame.kind === 'frame' && frame.payload).toEqual(hex('7f 9f 4d 51 58'))
  })
})
