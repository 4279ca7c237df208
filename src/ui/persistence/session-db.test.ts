// The fake's globals (IDBKeyRange among them); each test still opens its own IDBFactory.
import 'fake-indexeddb/auto'
import { readFileSync } from 'node:fs'
import { IDBFactory } from 'fake-indexeddb'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../importers/index.ts'
import { arbitrarySession } from '../../importers/testing/arbitrary-session.ts'
import { emptySession, type Session } from '../../shared/session.ts'
import { CHUNK_BYTES, CHUNK_ITEMS, chunkSession, unchunkSession } from './session-chunks.ts'
import { DB_NAME, SessionDb } from './session-db.ts'

const fixture = (name: string) => importFile(new Uint8Array(readFileSync(new URL(`../../importers/testdata/${name}`, import.meta.url)))).sessions

/** A session of `count` text messages of `size` bytes each. */
function bigSession(count: number, size: number): Session {
  const session = emptySession({ id: 'big', source: 'direct', url: 'ws://example.test/feed' })
  for (let i = 0; i < count; i++) {
    session.messages.push({
      t: 1e12 + i,
      sender: i % 2 ? 'server' : 'client',
      type: 'binary',
      data: new Uint8Array(size).fill(i & 0xff),
      compressed: false,
      wireLength: size,
      frameCount: 1,
      closeCode: null,
      closeReason: null,
    })
  }
  return session
}

describe('session chunks', () => {
  it('give back any session exactly', () => {
    fc.assert(
      fc.property(arbitrarySession, (session) => {
        const { chunks } = chunkSession(session)
        expect(unchunkSession(session.info, chunks)).toEqual(session)
      }),
      { numRuns: 200 },
    )
  })

  it('store a frame payload that is its message data once, with the message', () => {
    const [session] = fixture('ws-plain.pcap')
    const { chunks } = chunkSession(session)
    const frames = chunks.find((c) => c.kind === 'frames')!
    if (frames.kind !== 'frames') throw new Error('a frames chunk')
    const wire = session.frames.reduce((n, f) => n + f.header.length + f.payload.length, 0)
    // The server's frames are unmasked and uncompressed: their payloads are left out.
    expect(frames.bytes.length).toBeLessThan(wire)
    const back = unchunkSession(session.info, chunks)
    expect(back).toEqual(session)
    // Frames may come before their messages in a list of chunks.
    expect(unchunkSession(session.info, [...chunks].reverse()).frames).toEqual(session.frames)
  })

  it('hold at most CHUNK_ITEMS messages and, but for one large message, CHUNK_BYTES of payload', () => {
    const many = chunkSession(bigSession(12_001, 3))
    expect(many.chunkCounts.messages).toBe(3)
    expect(many.chunks.map((c) => c.count)).toEqual([CHUNK_ITEMS, CHUNK_ITEMS, 2001])
    const large = chunkSession(bigSession(5, CHUNK_BYTES / 2 + 1))
    expect(large.chunks.map((c) => c.count)).toEqual([1, 1, 1, 1, 1])
    expect(large.bytes).toBeGreaterThan(5 * (CHUNK_BYTES / 2))
  })

  it('pack the payloads of a chunk into one byte array, copied out of whatever buffer they were views of', () => {
    const [session] = fixture('ws-deflate.pcapng')
    const [chunk] = chunkSession(session).chunks
    if (chunk.kind !== 'messages') throw new Error('messages come first')
    expect(chunk.bytes.byteOffset).toBe(0)
    expect(chunk.bytes.buffer.byteLength).toBe(session.messages.reduce((n, m) => n + m.data.length, 0))
  })
})

describe('session database', () => {
  const open = () => SessionDb.open(new IDBFactory())

  it('saves, lists, loads, renames and deletes sessions', async () => {
    const db = await open()
    const sessions = [...fixture('ws-deflate.pcapng'), ...fixture('chrome.har'), ...fixture('wss-tls.pcapng')]
    const saved = []
    for (const s of sessions) saved.push(await db.save(s))
    expect((await db.list()).map((s) => s.key).sort()).toEqual(saved.map((s) => s.key).sort())
    expect(saved[0].counts).toEqual({ messages: 14, frames: 15, events: 3, findings: 0 })
    for (const [i, s] of saved.entries()) expect(await db.load(s.key)).toEqual(sessions[i])

    const renamed = await db.rename(saved[1].key, 'Chat from Chrome')
    expect(renamed?.info.name).toBe('Chat from Chrome')
    expect((await db.load(saved[1].key))?.info.name).toBe('Chat from Chrome')

    await db.remove(saved[0].key)
    expect(await db.load(saved[0].key)).toBeNull()
    expect((await db.list()).length).toBe(2)
  })

  it('keeps a 1,000,000-message session in 200 chunks and reads it back', async () => {
    const db = await open()
    const session = bigSession(1_000_000, 8)
    const saved = await db.save(session)
    expect(saved.chunkCounts.messages).toBe(200)
    const back = await db.load(saved.key)
    expect(back?.messages.length).toBe(1_000_000)
    expect(back?.messages[999_999]).toEqual(session.messages[999_999])
  })

  it('replaces a session saved again under its key, leaving none of its old chunks', async () => {
    const db = await open()
    const first = await db.save(bigSession(CHUNK_ITEMS * 3, 1))
    const again = await db.save(bigSession(10, 1), first.key)
    expect(again.chunkCounts.messages).toBe(1)
    expect((await db.load(first.key))?.messages.length).toBe(10)
    expect((await db.list()).length).toBe(1)
  })

  it('upgrades from nothing to the current schema, and a later version finds the stores', async () => {
    const factory = new IDBFactory()
    const db = await SessionDb.open(factory)
    db.close()
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    expect([...raw.objectStoreNames].sort()).toEqual(['chunks', 'sessions'])
    raw.close()
  })
})
