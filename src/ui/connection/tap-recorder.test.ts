import { describe, expect, it } from 'vitest'
import { bytesToJson } from '../../shared/capture-api.ts'
import type { FeedMessage, FeedRecord } from '../../shared/capture-batch.ts'
import { feedMessage } from '../../shared/testing/feed-message.ts'
import { Flag } from '../store/message-store.ts'
import { runOf } from './captures-columns.ts'
import type { OtherEvent } from './captures-protocol.ts'
import { Connection } from './connection.ts'
import { flush } from './ingest.ts'
import { inProcessPort } from './payload-port.ts'
import { tapRecorder } from './testing/tap-recorder.ts'

const captureId = 'cap'
const encode = (text: string) => new TextEncoder().encode(text)

/** Message `index` of the capture as the feed reports it: even ones from the client, every third compressed. */
function message(index: number): FeedMessage {
  const data = encode(`{"n":${index}}`)
  return feedMessage(data, {
    captureId,
    t: 1000 + index,
    sender: index % 2 ? 'server' : 'client',
    index,
    size: data.length + 5,
    compressed: index % 3 === 0,
    wireLength: data.length - 1,
    headerBytes: 6,
  })
}

const recorder = (conn: Connection) => tapRecorder(conn, 'ws://example.test/')
/** A connection of no tab, decoding payloads in this thread. */
const standalone = () =>
  new Connection(
    'c',
    () => ({}) as never,
    () => null,
    inProcessPort,
  )

describe('TapRecorder', () => {
  it("stores a batch's messages straight from its columns, over several ingest slices, with the other events in their places", () => {
    const conn = standalone()
    const records: (FeedRecord | OtherEvent)[] = Array.from({ length: 600 }, (_, i) => message(i))
    // Other events in the second and third slices of 256: each reads its own.
    records.splice(300, 0, { type: 'backlog-dropped', captureId, t: 1300, count: 3, bytes: 30 })
    records.splice(560, 0, { type: 'backlog-dropped', captureId, t: 1560, count: 40, bytes: 400 })
    const close = encode('\x03\xe8')
    records.push({ ...message(600), messageType: 'close', data: close, size: 2, compressed: false, closeCode: 1000 })
    recorder(conn).apply(runOf(records))
    flush()
    const { messages } = conn
    expect(messages.length).toBe(601)
    for (const i of [0, 1, 255, 256, 299, 300, 599]) {
      const text = `{"n":${i}}`
      expect([messages.time(i), messages.sender(i), messages.type(i), new TextDecoder().decode(messages.payload(i))]).toEqual([
        1000 + i,
        i % 2 ? 'server' : 'client',
        'text',
        text,
      ])
      expect([messages.size(i), messages.wireSize(i), messages.has(i, Flag.COMPRESSED), conn.tapFrames.has(i)]).toEqual([
        text.length + 5,
        text.length - 1 + 6,
        i % 3 === 0,
        true,
      ])
    }
    expect([messages.type(600), messages.closeCode(600), messages.has(600, Flag.COMPRESSED)]).toEqual(['close', 1000, false])
    expect(conn.view.getState().tap.notKept).toBe(43)
    conn.dispose()
  })

  it('flags text with bytes ≥ 0x80 as the captures worker found it, so the store need not look', () => {
    const conn = standalone()
    const accented = encode('{"n":"é"}')
    recorder(conn).apply(runOf([message(0), { ...message(1), data: accented, size: accented.length }]))
    flush()
    expect([conn.messages.has(0, Flag.NON_ASCII), conn.messages.has(1, Flag.NON_ASCII)]).toEqual([false, true])
    conn.dispose()
  })

  it("marks a message's row when a rule's outcome for it comes, and the row's version changes", () => {
    const conn = standalone()
    const tap = recorder(conn)
    tap.apply(runOf([message(0), message(1)]))
    flush()
    const drawn = [conn.messages.version(0), conn.messages.version(1)]
    const original = bytesToJson(encode('{"n":1}'), 100)
    tap.apply(
      runOf([
        {
          type: 'message-outcome',
          captureId,
          t: 1002,
          sender: 'server',
          index: 1,
          messageType: 'text',
          mark: 'modified',
          rule: 0,
          holdId: null,
          expiresAt: null,
          original,
          delivered: bytesToJson(encode('{"n":2}'), 100),
          deliveredWire: null,
          reason: 'rule 1',
        },
      ]),
    )
    flush()
    expect(conn.marks.get(1)?.mark).toBe('modified')
    expect([conn.messages.version(0) === drawn[0], conn.messages.version(1) === drawn[1]]).toEqual([true, false])
    conn.dispose()
  })
})
