import { describe, expect, it } from 'vitest'
import { decodeCapture, type DecodedCapture } from './decode-report.ts'
import { encodeFrame, MessageEncoder } from './encoder.ts'
import { fromHex, toHex, utf8Decode } from './bytes.ts'
import { Opcode } from './opcodes.ts'
import { DEFAULT_DEFLATE_PARAMS } from './permessage-deflate-params.ts'

const hex = (s: string) => fromHex(s.replace(/\s+/g, ''))!
const texts = (c: DecodedCapture) => c.messages.map((m) => (m.type === 'text' ? utf8Decode(m.data) : toHex(m.data)))

describe('RFC 6455 §5.7 examples', () => {
  it('a single-frame unmasked text message', () => {
    const bytes = hex('81 05 48 65 6c 6c 6f')
    const c = decodeCapture(bytes, { from: 'server' })
    expect(c.error).toBeNull()
    expect(texts(c)).toEqual(['Hello'])
    expect(encodeFrame({ opcode: Opcode.TEXT, payload: new TextEncoder().encode('Hello') })).toEqual(bytes)
  })

  it('a single-frame masked text message', () => {
    const bytes = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58')
    const c = decodeCapture(bytes, { from: 'client' })
    expect(c.error).toBeNull()
    expect(c.frames[0]).toMatchObject({ masked: true, maskingKey: 0x37fa213d, payloadLength: 5, headerLength: 6 })
    expect(texts(c)).toEqual(['Hello'])
    expect(encodeFrame({ opcode: Opcode.TEXT, payload: new TextEncoder().encode('Hello'), mask: 0x37fa213d })).toEqual(bytes)
  })

  it('a fragmented unmasked text message', () => {
    const bytes = hex('01 03 48 65 6c  80 02 6c 6f')
    const c = decodeCapture(bytes, { from: 'server' })
    expect(c.frames.map((f) => [f.opcode, f.fin])).toEqual([
      [1, false],
      [0, true],
    ])
    expect(texts(c)).toEqual(['Hello'])
    expect(c.messages[0]).toMatchObject({ frameCount: 2, wireLength: 5 })
    const encoded = new MessageEncoder({ sender: 'server' }).text('Hello', { fragmentSize: 3 })
    expect(encoded).toEqual(bytes)
  })

  it('an unmasked ping and a masked pong', () => {
    const ping = hex('89 05 48 65 6c 6c 6f')
    const pong = hex('8a 85 37 fa 21 3d 7f 9f 4d 51 58')
    expect(decodeCapture(ping, { from: 'server' }).messages[0]).toMatchObject({ type: 'ping', data: new TextEncoder().encode('Hello') })
    expect(decodeCapture(pong, { from: 'client' }).messages[0]).toMatchObject({ type: 'pong', data: new TextEncoder().encode('Hello') })
    expect(encodeFrame({ opcode: Opcode.PING, payload: new TextEncoder().encode('Hello') })).toEqual(ping)
    expect(encodeFrame({ opcode: Opcode.PONG, payload: new TextEncoder().encode('Hello'), mask: 0x37fa213d })).toEqual(pong)
  })

  it('256 bytes of binary data in a single unmasked frame (16-bit length)', () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i)
    const bytes = encodeFrame({ opcode: Opcode.BINARY, payload })
    expect(toHex(bytes.subarray(0, 4))).toBe('827e0100')
    const c = decodeCapture(bytes, { from: 'server' })
    expect(c.frames[0]).toMatchObject({ lengthBits: 16, payloadLength: 256, headerLength: 4 })
    expect(c.messages[0].data).toEqual(payload)
  })

  it('64 KiB of binary data in a single unmasked frame (64-bit length)', () => {
    const payload = new Uint8Array(65536).fill(0x5a)
    const bytes = encodeFrame({ opcode: Opcode.BINARY, payload })
    expect(toHex(bytes.subarray(0, 10))).toBe('827f0000000000010000')
    const c = decodeCapture(bytes, { from: 'server' })
    expect(c.frames[0]).toMatchObject({ lengthBits: 64, payloadLength: 65536, headerLength: 10 })
    expect(c.messages[0].data).toEqual(payload)
  })
})

describe('RFC 7692 §7.2.3 examples', () => {
  const deflate = 'permessage-deflate'
  const decodeServer = (s: string) => decodeCapture(hex(s), { from: 'server', extensions: deflate })

  it('§7.2.3.1 a message compressed in one frame, and in two fragments', () => {
    expect(texts(decodeServer('c1 07 f2 48 cd c9 c9 07 00'))).toEqual(['Hello'])
    const fragmented = decodeServer('41 03 f2 48 cd  80 04 c9 c9 07 00')
    expect(fragmented.error).toBeNull()
    expect(texts(fragmented)).toEqual(['Hello'])
    expect(fragmented.messages[0]).toMatchObject({ compressed: true, frameCount: 2, wireLength: 7 })
  })

  it('§7.2.3.2 sharing the LZ77 window between messages', () => {
    const c = decodeServer('c1 07 f2 48 cd c9 c9 07 00  c1 05 f2 00 11 00 00')
    expect(c.error).toBeNull()
    expect(texts(c)).toEqual(['Hello', 'Hello'])
    const encoder = new MessageEncoder({ sender: 'server', deflate: DEFAULT_DEFLATE_PARAMS })
    expect(toHex(encoder.text('Hello'))).toBe('c107f248cdc9c90700')
    expect(toHex(encoder.text('Hello'))).toBe('c105f200110000')
  })

  it('without context takeover each message stands alone', () => {
    const encoder = new MessageEncoder({ sender: 'server', deflate: { ...DEFAULT_DEFLATE_PARAMS, serverNoContextTakeover: true } })
    expect(toHex(encoder.text('Hello'))).toBe('c107f248cdc9c90700')
    expect(toHex(encoder.text('Hello'))).toBe('c107f248cdc9c90700')
    // A decoder that wrongly kept the window would still read these; one that resets must too.
    const c = decodeCapture(hex('c1 07 f2 48 cd c9 c9 07 00  c1 07 f2 48 cd c9 c9 07 00'), {
      from: 'server',
      extensions: 'permessage-deflate; server_no_context_takeover',
    })
    expect(texts(c)).toEqual(['Hello', 'Hello'])
  })

  it('a window-sharing message fails to inflate when the window was reset', () => {
    const c = decodeCapture(hex('c1 07 f2 48 cd c9 c9 07 00  c1 05 f2 00 11 00 00'), {
      from: 'server',
      extensions: 'permessage-deflate; server_no_context_takeover',
    })
    expect(texts(c)).toEqual(['Hello'])
    expect(c.error).toMatchObject({ code: 'deflate.inflate-failed', closeCode: 1007, offset: 9 })
  })

  it('§7.2.3.3 a DEFLATE block with no compression', () => {
    expect(texts(decodeServer('c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00'))).toEqual(['Hello'])
  })

  it('§7.2.3.4 a DEFLATE block with BFINAL set', () => {
    const c = decodeServer('c1 08 f3 48 cd c9 c9 07 00 00  c1 07 f2 48 cd c9 c9 07 00')
    expect(c.error).toBeNull()
    expect(texts(c)).toEqual(['Hello', 'Hello'])
  })

  it('§7.2.3.5 two DEFLATE blocks in one message', () => {
    expect(texts(decodeServer('c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00'))).toEqual(['Hello'])
  })
})
