import { describe, expect, it } from 'vitest'
import { annotateFrame } from './annotate.ts'
import { fromHex as hexOrNull } from './bytes.ts'
import { decodeCapture } from './decode-report.ts'
import { writtenPayloadLength } from './frame.ts'

const fromHex = (hex: string) => hexOrNull(hex.replace(/ /g, ''))!
const TEN_FF = new Uint8Array(10).fill(0xff)

describe('lengths and positions shown as written', () => {
  it('reads a 64-bit length of all ones exactly, as a bigint', () => {
    expect(writtenPayloadLength(TEN_FF)).toBe(18446744073709551615n)
    expect(writtenPayloadLength(fromHex('81 7e 01 00'))).toBe(256n)
    expect(writtenPayloadLength(fromHex('81 05'))).toBe(5n)
    expect(writtenPayloadLength(fromHex('81 7f 00 00'))).toBeNull()
  })

  it('labels the 64-bit length field with its exact value, not a rounded number', () => {
    const fields = annotateFrame(new Uint8Array([...TEN_FF, 0, 0, 0, 0]))!.fields
    const ext = fields.find((f) => f.id === 'websocket.payload_length_ext_64')!
    expect(ext.valueLabel).toBe('18,446,744,073,709,551,615 bytes')
    expect(ext.meaning).toContain('18,446,744,073,709,551,615 bytes of payload')
    const len7 = fields.find((f) => f.id === 'websocket.payload_length')!
    expect(len7.meaning).toBe('127: the length (18,446,744,073,709,551,615 bytes) is in the next 64 bits')
    for (const f of fields) expect(`${f.valueLabel} ${f.meaning}`).not.toContain('552,000')
  })

  it('numbers a frame whose header is cut short by its place in the stream, never -1', () => {
    const capture = decodeCapture(TEN_FF, { from: 'server' })
    expect(capture.frames.map((f) => f.index)).toEqual([0])
    const after = decodeCapture(new Uint8Array([0x81, 0x00, 0x81, 0x00, ...TEN_FF]), { from: 'server' })
    expect(after.frames.map((f) => f.index)).toEqual([0, 1, 2])
  })

  it('formats the payload size the same way everywhere ("65,536 bytes")', () => {
    const header = fromHex('82 7f 00 00 00 00 00 01 00 00')
    const payload = annotateFrame(header)!.fields.find((f) => f.id === 'websocket.payload')!
    expect(payload.valueLabel).toBe('65,536 bytes (0 present)')
  })
})
