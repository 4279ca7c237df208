import { describe, expect, it } from 'vitest'
import type { ConnectionData } from '../connection/connection.ts'
import { FrameStore } from '../store/frame-store.ts'
import { MessageStore } from '../store/message-store.ts'
import { closeTone, messageTypeLabel } from './message-type-label.ts'

/** A log with one row per frame the tap injected, each frame given by its first header byte. */
function injected(...byte0: number[]): ConnectionData {
  const messages = new MessageStore()
  const frames = new FrameStore()
  for (const b of byte0) {
    const frame = frames.append({ t: 0, sender: 'server', header: new Uint8Array([b, 1]), payload: new Uint8Array([0x41]), offset: 0, action: 'injected' })
    messages.append({ t: 0, sender: 'server', type: 'binary', data: new Uint8Array([0x41]), injected: true, firstFrame: frame, frameCount: 1 })
  }
  return { messages, frames } as ConnectionData
}

describe('messageTypeLabel', () => {
  it('names a frame injected with a reserved opcode by its opcode, not "binary"', () => {
    const data = injected(0x83, 0x8b, 0x80, 0x82)
    expect([0, 1, 2, 3].map((i) => messageTypeLabel(data, i))).toEqual(['reserved 0x3', 'reserved 0xb', 'continuation', 'binary'])
  })

  it('keeps the stored type for rows without frames (direct mode)', () => {
    const messages = new MessageStore()
    messages.append({ t: 0, sender: 'client', type: 'text', data: 'hi' })
    messages.append({ t: 0, sender: 'client', type: 'binary', data: new Uint8Array([1]) })
    const data = { messages, frames: new FrameStore() } as ConnectionData
    expect([messageTypeLabel(data, 0), messageTypeLabel(data, 1)]).toEqual(['text', 'binary'])
  })
})

describe('closeTone', () => {
  it('paints only a close whose code says something went wrong as an error', () => {
    expect([1000, 1001, 1005, 3000, 4001, 4999, null].map(closeTone)).toEqual(Array(7).fill('normal'))
    expect([1012, 1013].map(closeTone)).toEqual(['warn', 'warn'])
    expect([1002, 1003, 1006, 1007, 1008, 1009, 1011, 1015, 999, 1016, 5000].map(closeTone)).toEqual(Array(11).fill('error'))
  })
})
