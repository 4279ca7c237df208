import { describe, expect, it } from 'vitest'
import type { ConnectionData } from '../connection/connection.ts'
import { FrameStore } from '../store/frame-store.ts'
import { MessageStore } from '../store/message-store.ts'
import { messageTypeLabel } from './message-type-label.ts'

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
