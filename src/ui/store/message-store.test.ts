import { describe, expect, it } from 'vitest'
import { Flag, MAX_STORED_BYTES, MessageStore } from './message-store.ts'
import { MessageNotes } from './message-notes.ts'
import { MessagePreviews } from './message-preview.ts'
import { CHUNK_SIZE } from './chunked-column.ts'
import { utf8Decode } from '../../protocol/index.ts'

const text = (s: string, sender: 'client' | 'server' = 'server', t = 0) => ({ t, sender, type: 'text' as const, data: s })

describe('MessageStore', () => {
  it('keeps each field of each message in its columns and the payload in a slab', () => {
    const store = new MessageStore()
    store.append(text('hello', 'client', 1.5))
    store.append({ t: 2, sender: 'server', type: 'binary', data: new Uint8Array([1, 2, 3]), wire: { payload: 5, headers: 2 }, compressed: true })
    expect(store.length).toBe(2)
    expect([store.time(0), store.sender(0), store.type(0), store.size(0), store.wireSize(0)]).toEqual([1.5, 'client', 'text', 5, null])
    expect(utf8Decode(store.payload(0))).toBe('hello')
    expect([store.sender(1), store.type(1), store.size(1), store.wirePayload(1), store.wireSize(1), store.has(1, Flag.COMPRESSED)]).toEqual([
      'server',
      'binary',
      3,
      5,
      7,
      true,
    ])
    expect([...store.payload(1)]).toEqual([1, 2, 3])
  })

  it('previews what a capture gap spoiled for what it is', () => {
    const store = new MessageStore()
    store.append({ ...text('{"seq":1,'), gap: 'cut' })
    store.append({ t: 0, sender: 'server', type: 'text', data: new Uint8Array([0xf2, 0x48, 0xcd]), compressed: true, gap: 'not-inflated' })
    const previews = new MessagePreviews(store)
    expect([store.gap(0), store.gap(1)]).toEqual(['cut', 'not-inflated'])
    expect(previews.get(0)).toBe('(cut by a capture gap) {"seq":1,')
    expect(previews.get(1)).toBe('(compressed, not inflated) f2 48 cd')
  })

  it('stores text as UTF-8 and flags non-ASCII text', () => {
    const store = new MessageStore()
    store.append(text('naïve 🚀'))
    store.append(text('plain'))
    expect(store.size(0)).toBe(new TextEncoder().encode('naïve 🚀').length)
    expect(utf8Decode(store.payload(0))).toBe('naïve 🚀')
    expect(store.has(0, Flag.NON_ASCII)).toBe(true)
    expect(store.has(1, Flag.NON_ASCII)).toBe(false)
  })

  it('caps stored bytes per message, keeping the full size and a truncation flag', () => {
    const store = new MessageStore()
    const big = 'é'.repeat(MAX_STORED_BYTES) // 2 MiB of UTF-8
    store.append(text(big))
    expect(store.size(0)).toBe(2 * MAX_STORED_BYTES)
    expect(store.payload(0).length).toBeLessThanOrEqual(MAX_STORED_BYTES)
    expect(store.has(0, Flag.TRUNCATED)).toBe(true)
    // A tap payload that arrived cut short: `size` says how long it was.
    store.append({ t: 0, sender: 'server', type: 'binary', data: new Uint8Array(10), size: 5000 })
    expect([store.size(1), store.payload(1).length, store.has(1, Flag.TRUNCATED)]).toEqual([5000, 10, true])
    store.append({ t: 0, sender: 'server', type: 'binary', data: new Uint8Array(MAX_STORED_BYTES + 7) })
    expect([store.size(2), store.payload(2).length, store.has(2, Flag.TRUNCATED)]).toEqual([MAX_STORED_BYTES + 7, MAX_STORED_BYTES, true])
  })

  it('grows over many chunks and slabs without moving stored bytes', () => {
    const store = new MessageStore()
    const n = CHUNK_SIZE * 2 + 10
    const payload = 'x'.repeat(300)
    for (let i = 0; i < n; i++) store.append(text(`${i}:${payload}`, i % 2 ? 'client' : 'server', i))
    expect(store.length).toBe(n)
    for (const i of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, n - 1]) {
      expect(store.time(i)).toBe(i)
      expect(utf8Decode(store.payload(i))).toBe(`${i}:${payload}`)
    }
    expect(store.slabs.slabs.length).toBeGreaterThan(1)
  })

  it('derives the wire size of a message known to be one uncompressed frame', () => {
    const store = new MessageStore()
    store.append({ ...text('x'.repeat(200), 'client'), wire: 'one-frame' })
    store.append({ ...text('hello'), wire: 'one-frame' })
    // Client frames carry a 4-byte masking key; 200 bytes need the 16-bit length.
    expect([store.wirePayload(0), store.wireSize(0)]).toEqual([200, 208])
    expect(store.wireSize(1)).toBe(7)
  })

  it('records close codes and frame links', () => {
    const store = new MessageStore()
    store.append({ t: 0, sender: 'server', type: 'close', data: new Uint8Array([0x03, 0xe8, 0x62, 0x79, 0x65]), closeCode: 1000, firstFrame: 7, frameCount: 1 })
    store.append({ t: 0, sender: 'server', type: 'close', data: new Uint8Array(0), closeCode: 1006, local: true })
    expect([store.closeCode(0), store.frames(0)]).toEqual([1000, { first: 7, count: 1 }])
    expect([store.closeCode(1), store.frames(1), store.has(1, Flag.LOCAL)]).toEqual([1006, null, true])
  })

  it('keeps a message of more than 65,536 frames and every flag at once; a value that does not fit throws', () => {
    const store = new MessageStore()
    store.append({
      t: 0,
      sender: 'server',
      type: 'binary',
      data: new Uint8Array(1),
      firstFrame: 0,
      frameCount: 70_000,
      compressed: true,
      local: true,
      injected: true,
      gap: 'not-inflated',
    })
    expect(store.frames(0)).toEqual({ first: 0, count: 70_000 })
    for (const flag of [Flag.SERVER, Flag.COMPRESSED, Flag.LOCAL, Flag.INJECTED, Flag.NOT_INFLATED]) expect(store.has(0, flag)).toBe(true)
    expect(() => store.append({ t: 0, sender: 'server', type: 'close', data: new Uint8Array(0), closeCode: 70_000 })).toThrow(
      /70000 does not fit in a Uint16Array column/,
    )
  })
})

describe('message versions and notes', () => {
  it('starts each message at a version that only a touch or a note on that message changes', () => {
    const store = new MessageStore()
    for (let i = 0; i < 3; i++) store.append({ t: i, sender: 'server', type: 'text', data: `m${i}` })
    const notes = new MessageNotes<string>(store)
    const before = [0, 1, 2].map((i) => store.version(i))
    store.touch(0)
    notes.set(2, 'dropped by rule 1')
    expect([0, 1, 2].map((i) => store.version(i) !== before[i])).toEqual([true, false, true])
    expect([notes.get(2), notes.has(1), notes.size, [...notes.keys()]]).toEqual(['dropped by rule 1', false, 1, [2]])
  })

  it('wraps a version instead of throwing (it is compared for change, not ordered)', () => {
    const store = new MessageStore()
    store.append({ t: 0, sender: 'client', type: 'text', data: 'x' })
    for (let n = 0; n < 0x10000; n++) store.touch(0)
    expect(store.version(0)).toBe(0)
  })
})

describe('MessagePreviews', () => {
  it('previews text on one line, binary as hex and close frames by their code', () => {
    const store = new MessageStore()
    store.append(text('line 1\nline 2\u0001'))
    store.append({ t: 0, sender: 'server', type: 'binary', data: new Uint8Array(30).fill(0xab) })
    store.append({ t: 0, sender: 'server', type: 'close', data: new Uint8Array([0x03, 0xe8, 0x62, 0x79, 0x65]), closeCode: 1000 })
    store.append({ t: 0, sender: 'server', type: 'ping', data: new Uint8Array(0) })
    store.append(text('<img src=x onerror=alert(1)>'))
    const previews = new MessagePreviews(store)
    expect(previews.get(0)).toBe('line 1 line 2·')
    expect(previews.get(1)).toBe(`${'ab '.repeat(24).trim()} …`)
    expect(previews.get(2)).toBe('1000 Normal Closure — bye')
    expect(previews.get(3)).toBe('(empty)')
    expect(previews.get(4)).toBe('<img src=x onerror=alert(1)>')
  })

  it('cuts long text at a character boundary', () => {
    const store = new MessageStore()
    store.append(text('€'.repeat(200)))
    const p = new MessagePreviews(store).get(0)
    expect(p.endsWith('€…')).toBe(true)
    expect(p).not.toContain('\ufffd')
  })
})
