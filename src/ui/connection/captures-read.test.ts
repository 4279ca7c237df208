import { describe, expect, it } from 'vitest'
import { CaptureBatchEncoder, decodeCaptureBatch, type FeedRecord } from '../../shared/capture-batch.ts'
import { feedMessage } from '../../shared/testing/feed-message.ts'
import { fromColumns } from './captures-columns.ts'
import { readFeedMessage } from './captures-read.ts'

const bytes = (...b: number[]) => Uint8Array.from(b)

function batchOf(records: FeedRecord[]): ArrayBuffer {
  const encoder = new CaptureBatchEncoder()
  for (const r of records) encoder.add(r)
  const batch = encoder.finish()
  return batch.buffer.slice(batch.byteOffset, batch.byteOffset + batch.length) as ArrayBuffer
}

/** What the main thread gets: the read message's columns, made into events again. */
function events(data: string | ArrayBuffer) {
  const read = readFeedMessage(data)
  if (!read.ok) throw new Error(read.error)
  return fromColumns(read.columns)
}

describe('readFeedMessage', () => {
  it('reads the hello as JSON and a batch into events, frames with their full payload length', () => {
    expect(events('{"type":"hello","version":1,"captures":[],"maxMessageBytes":1}')).toMatchObject([{ type: 'hello' }])
    const header = bytes(0x81, 0x7e, 0x01, 0x00)
    const data = batchOf([
      { type: 'frame', captureId: 'c', t: 1, sender: 'server', index: 0, action: 'relayed', offset: 0, header, payload: new Uint8Array(10) },
      { type: 'dropped', t: 2, count: 3 },
    ])
    expect(events(data)).toMatchObject([
      { type: 'frame', payloadLength: 256 },
      { type: 'dropped', count: 3 },
    ])
  })

  it('hands over every field of frames and messages, of two captures, in order, with the other events between them', () => {
    const key = [1, 2, 3, 4]
    const records: FeedRecord[] = [
      {
        type: 'frame',
        captureId: 'a',
        t: 1.5,
        sender: 'client',
        index: 7,
        action: 'relayed',
        offset: 100,
        header: bytes(0x81, 0x82, ...key),
        payload: bytes(0x68 ^ 1, 0x69 ^ 2),
      },
      feedMessage(bytes(0x68, 0x69), { captureId: 'a', t: 1.6, sender: 'client', index: 3, firstFrame: 7, headerBytes: 6 }),
      { type: 'dropped', t: 2, count: 1 },
      { type: 'frame', captureId: 'b', t: 3, sender: 'server', index: null, action: 'injected', offset: 0, header: bytes(0x89, 0x00), payload: bytes() },
      feedMessage(bytes(0x03, 0xe8, 0x62, 0x79, 0x65), {
        captureId: 'b',
        t: 4,
        index: 9,
        messageType: 'close',
        compressed: true,
        wireLength: 4,
        firstFrame: 12,
        closeCode: 1000,
        closeReason: 'bye',
      }),
    ]
    const data = batchOf(records)
    const decoded = decodeCaptureBatch(new Uint8Array(data))
    if (!decoded.ok) throw new Error(decoded.error)
    const expected = decoded.records.map((r) => (r.type === 'frame' ? { ...r, payloadLength: r.header[1]! & 0x7f } : r))
    expect(events(data)).toEqual(expected)
  })

  it('transfers the columns instead of copying them', () => {
    const read = readFeedMessage(batchOf([{ type: 'dropped', t: 2, count: 3 }]))
    if (!read.ok) throw new Error(read.error)
    expect(read.transfer.length).toBeGreaterThan(1)
    expect(read.transfer).toContain(read.columns.bytes.buffer)
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
