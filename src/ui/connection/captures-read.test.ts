import { describe, expect, it } from 'vitest'
import { CaptureBatchEncoder } from '../../shared/capture-batch.ts'
import { readFeedMessage } from './captures-read.ts'

describe('readFeedMessage', () => {
  it('reads the hello as JSON and a batch into events, frames with their full payload length', () => {
    expect(readFeedMessage('{"type":"hello","version":1,"captures":[],"maxMessageBytes":1}')).toMatchObject({ ok: true, events: [{ type: 'hello' }] })
    const encoder = new CaptureBatchEncoder()
    const header = Uint8Array.from([0x81, 0x7e, 0x01, 0x00])
    encoder.add({ type: 'frame', captureId: 'c', t: 1, sender: 'server', index: 0, action: 'relayed', offset: 0, header, payload: new Uint8Array(10) })
    encoder.add({ type: 'dropped', t: 2, count: 3 })
    const batch = encoder.finish()
    const read = readFeedMessage(batch.buffer.slice(batch.byteOffset, batch.byteOffset + batch.length) as ArrayBuffer)
    expect(read).toMatchObject({
      ok: true,
      events: [
        { type: 'frame', payloadLength: 256 },
        { type: 'dropped', count: 3 },
      ],
    })
    if (read.ok) expect(read.transfer).toHaveLength(1)
  })

  it('says what it cannot read instead of throwing', () => {
    expect(readFeedMessage('not json')).toEqual({ ok: false, error: 'the captures feed sent a text message that is not a JSON event: "not json"' })
    expect(readFeedMessage('[1]')).toMatchObject({ ok: false })
    expect(readFeedMessage(new Uint8Array([1, 2, 3]).buffer)).toEqual({
      ok: false,
      error: 'not a captures batch: the batch ends inside the magic number at byte 0 (4 bytes needed, 3 left)',
    })
  })
})
