import { describe, expect, it } from 'vitest'
import { annotateFrame, toHex, utf8Encode } from '../../protocol/index.ts'
import { reconstructFrame } from './reconstruct-frame.ts'

const fixedKey = (bytes: Uint8Array) => bytes.set([0x37, 0xfa, 0x21, 0x3d])

describe('reconstructFrame', () => {
  it('lays out a client text message as RFC 6455 §5.7 does: masked, one frame', () => {
    const frame = reconstructFrame({ sender: 'client', type: 'text', data: utf8Encode('Hello'), size: 5 }, fixedKey)
    expect(toHex(frame)).toBe('818537fa213d7f9f4d5158')
  })

  it('leaves server frames unmasked', () => {
    const frame = reconstructFrame({ sender: 'server', type: 'text', data: utf8Encode('Hello'), size: 5 })
    expect(toHex(frame)).toBe('810548656c6c6f')
  })

  it('keeps the full length of a payload stored only in part', () => {
    const frame = reconstructFrame({ sender: 'server', type: 'binary', data: new Uint8Array(10), size: 70_000 })
    const annotation = annotateFrame(frame)!
    expect(annotation.header.payloadLength).toBe(70_000)
    expect(annotation.truncated).toBe(true)
  })
})
