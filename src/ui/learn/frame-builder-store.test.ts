import { describe, expect, it } from 'vitest'
import { toHex } from '../../protocol/index.ts'
import { useFrameBuilderStore } from './frame-builder-store.ts'
import { overheadRows, useOverheadStore } from './overhead-store.ts'

const store = () => useFrameBuilderStore.getState()
const hex = () => toHex(store().bytes, ' ')

describe('frame builder', () => {
  it('starts as RFC 6455 §5.7 masked "Hello"', () => {
    expect(hex()).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58')
    expect(store().findings).toEqual([])
  })

  it('fields → bytes: unmasking and switching to binary change the bytes', () => {
    store().setFields({ masked: false })
    expect(hex()).toBe('81 05 48 65 6c 6c 6f')
    store().setFields({ opcode: 2, payloadMode: 'hex', payload: 'de ad' })
    expect(hex()).toBe('82 02 de ad')
    expect(store().bytesText).toBe('82 02 de ad')
  })

  it('bytes → fields: an edited frame updates every field', () => {
    store().setBytesText('89 05 48 65 6c 6c 6f')
    expect(store().fields).toMatchObject({ opcode: 9, masked: false, fin: true, payloadMode: 'text', payload: 'Hello' })
    store().setBytesText('0x82, 0x84, 0x01, 0x02, 0x03, 0x04, 0xfe, 0xfd, 0xfc, 0xfb')
    expect(store().fields).toMatchObject({ opcode: 2, masked: true, maskKey: '01020304' })
    expect(store().fields.payload).toBe('ff ff ff ff')
    expect(store().fields.payloadMode).toBe('hex')
  })

  it('keeps the last valid fields and says exactly what is wrong with bad bytes', () => {
    store().setBytesText('81 85 37 fa 21 3d 7f')
    expect(store().problem).toMatch(/announces 5 payload bytes, but only 1 follow/)
    expect(hex()).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58')
    expect(store().fields.payload).toBe('Hello')
    store().setBytesText('81')
    expect(store().problem).toMatch(/needs 2 bytes here; there is 1/)
    store().setBytesText('81 05 48 65 6c 6c 6f 00')
    expect(store().problem).toMatch(/1 bytes follow the end of the frame/)
    store().setBytesText('81 zz')
    expect(store().problem).toMatch(/"zz" is not a hex byte/)
  })

  it('switches the length form at 126 and 65,536 bytes', () => {
    store().setFields({ masked: false })
    store().setPayloadSize(125)
    expect(store().bytes.length).toBe(127)
    store().setPayloadSize(126)
    expect(hex().slice(0, 11)).toBe('81 7e 00 7e')
    store().setPayloadSize(65_536)
    expect(hex().slice(0, 29)).toBe('81 7f 00 00 00 00 00 01 00 00')
  })

  it('reports what a receiver would refuse, and a length form that cannot hold the payload', () => {
    store().setFields({ rsv2: true })
    expect(store().findings[0].code).toBe('frame.reserved-bit')
    store().setFields({ rsv2: false, lengthForm: 16 })
    expect(store().findings.map((f) => f.code)).toEqual(['frame.non-minimal-length'])
    store().setPayloadSize(200)
    store().setFields({ lengthForm: 7 })
    expect(store().problem).toMatch(/7-bit length holds at most 125/)
  })
})

describe('overhead numbers', () => {
  it("measure a polling request on the brief's handshake and compare it with frame headers", () => {
    const request = useOverheadStore.getState().request!
    expect(request.requestLine).toBe('GET /exp/ws/standard?noteId=2CD1KS9C2_20170316-154552 HTTP/1.1\r\n')
    expect(request.fields.map((f) => f.name)).not.toContain('Sec-WebSocket-Key')
    expect(request.total).toBeGreaterThan(500)
    const [small] = overheadRows([10], request.total)
    expect(small).toMatchObject({ payload: 10, server: 2, client: 6 })
    expect(small.times).toBe(Math.round(request.total / 6))
  })
})
