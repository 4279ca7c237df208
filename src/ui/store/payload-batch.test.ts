import { describe, expect, it } from 'vitest'
import { Deflate, Z_SYNC_FLUSH } from 'pako'
import protobufjs from 'protobufjs'
import { PayloadSession, type PayloadMode } from '../../payload/index.ts'
import { MessageStore, type Sender } from './message-store.ts'
import { BatchDecoder, messagesRequest, type PayloadSetup } from './payload-batch.ts'
import { PayloadColumn } from './payload-column.ts'

type Message = [sender: Sender, data: string | Uint8Array]

function store(messages: Message[]): MessageStore {
  const s = new MessageStore()
  messages.forEach(([sender, data], i) => s.append({ t: 1000 + i * 10, sender, type: typeof data === 'string' ? 'text' : 'binary', data }))
  return s
}

const AUTO: PayloadSetup = { mode: 'auto', proto: null, subprotocol: null }

/** The worker's round trip, in-process: requests of `per` messages at most, each answer appended to a column. */
function decodeAll(s: MessageStore, setup: PayloadSetup = AUTO, per = 3, maxBytes = Infinity): PayloadColumn {
  const decoder = new BatchDecoder()
  decoder.handle({ type: 'setup', generation: 1, setup })
  const column = new PayloadColumn(s)
  while (column.length < s.length) {
    const request = messagesRequest(s, 1, column.length, Math.min(s.length, column.length + per), maxBytes)
    expect(column.append(decoder.handle(request)!)).toBe(true)
  }
  return column
}

/** What the session gives each message when it decodes them all in order on this thread. */
function direct(s: MessageStore, mode: PayloadMode = 'auto') {
  const session = new PayloadSession({ payload: mode })
  return Array.from({ length: s.length }, (_, i) => session.decodeMessage(s.type(i), s.payload(i), s.sender(i)))
}

function zlibStream(texts: string[]): Uint8Array[] {
  const deflate = new Deflate()
  let chunks: Uint8Array[] = []
  deflate.onData = (c: Uint8Array) => chunks.push(c)
  return texts.map((t) => {
    chunks = []
    deflate.push(new TextEncoder().encode(t), Z_SYNC_FLUSH)
    return Uint8Array.from(chunks.flatMap((c) => [...c]))
  })
}

describe('payload batches (decoded in the worker, read by the log)', () => {
  const mixed: Message[] = [
    ['client', '{"jsonrpc":"2.0","method":"subscribe","id":1}'],
    ['client', '{"jsonrpc":"2.0","method":"b","id":2}'],
    ['server', '{"jsonrpc":"2.0","result":1,"id":1}'],
    ['server', 'héllo wörld ✓ — plain text'],
    ['server', '{"jsonrpc":"2.0","error":{"code":-1,"message":"nope"},"id":7}'],
    ['server', new Uint8Array([0xff, 0x00, 0x13])],
    ['client', '{"broken": '],
  ]

  it('round trips: each message reads as decoding it in order on the main thread would', () => {
    const s = store(mixed)
    const column = decodeAll(s)
    const expected = direct(s)
    expect(column.length).toBe(s.length)
    for (let i = 0; i < s.length; i++) {
      expect(column.decoder(i)).toBe(expected[i].decoder)
      expect(column.kind(i)).toBe(expected[i].kind)
      expect(column.summary(i)).toBe(expected[i].summary)
      expect(column.correlation(i)).toBe(expected[i].correlation)
      expect(column.error(i)).toBe(expected[i].errors[0]?.message ?? null)
    }
    expect(column.summary(3)).toContain('héllo wörld ✓')
  })

  it('a summary that is the start of its payload (compact JSON, plain text) is read from the message, not stored again', () => {
    const long = JSON.stringify({ stream: 'active_users_stream', seq: 5, padding: 'x'.repeat(300) })
    const s = store([
      ['server', long],
      ['server', 'short text'],
      ['server', '{ "spaced": true }'],
    ])
    const decoder = new BatchDecoder()
    decoder.handle({ type: 'setup', generation: 1, setup: AUTO })
    const batch = decoder.handle(messagesRequest(s, 1, 0, 3, Infinity))!
    expect([...batch.summaryPrefix].map((n) => n > 0)).toEqual([true, true, false])
    expect(batch.summaries.length).toBe(batch.summaryEnds[2])
    const column = new PayloadColumn(s)
    column.append(batch)
    const expected = direct(s)
    for (let i = 0; i < 3; i++) expect(column.summary(i)).toBe(expected[i].summary)
    expect(column.summary(0).endsWith('…')).toBe(true)
  })

  it('keeps a cut summary that is not the start of its payload, "…" included', () => {
    const s = store([['server', `42["chat",${JSON.stringify('x'.repeat(400))}]`]])
    const decoder = new BatchDecoder()
    decoder.handle({ type: 'setup', generation: 1, setup: AUTO })
    const batch = decoder.handle(messagesRequest(s, 1, 0, 1, Infinity))!
    expect(batch.summaryPrefix[0]).toBe(0)
    const column = new PayloadColumn(s)
    column.append(batch)
    expect(column.summary(0)).toBe(direct(s)[0].summary.slice(0, 200))
    expect(column.summary(0).endsWith('…')).toBe(true)
  })

  it('links a request and its answer by correlation id, the other side, in order', () => {
    const column = decodeAll(store(mixed))
    expect(column.partner(0)).toBe(2)
    expect(column.partner(2)).toBe(0)
    expect(column.partner(1)).toBeNull()
    expect(column.asks(1)).toBe(true)
    expect(column.kind(1)).toBe('request')
  })

  it("changes a message's version when its decoding arrives, and a request's when its answer does", () => {
    const s = store(mixed)
    const decoder = new BatchDecoder()
    decoder.handle({ type: 'setup', generation: 1, setup: AUTO })
    const column = new PayloadColumn(s)
    const versions = () => Array.from({ length: s.length }, (_, i) => s.version(i))
    const decodeNext = () => column.append(decoder.handle(messagesRequest(s, 1, column.length, column.length + 1, Infinity))!)
    const drawn = versions()
    decodeNext()
    decodeNext()
    // Decoded: messages 0 and 1 changed, the rest did not.
    expect(versions().map((v, i) => v !== drawn[i])).toEqual([true, true, false, false, false, false, false])
    const requestsDrawn = versions()
    decodeNext()
    // The answer to request 0 (id 1): it changed, so did request 0; request 1 (id 2) did not.
    expect(
      versions()
        .slice(0, 3)
        .map((v, i) => v !== requestsDrawn[i]),
    ).toEqual([true, false, true])
    expect(column.partner(0)).toBe(2)
  })

  it('keeps stream state across requests: a zlib stream split over batches still inflates', () => {
    const texts = Array.from({ length: 10 }, (_, i) => `{"op":${i}}`)
    const s = store(zlibStream(texts).map((m) => ['server', m] as Message))
    const column = decodeAll(s, AUTO, 2)
    for (let i = 0; i < texts.length; i++) expect(column.decoder(i)).toBe('json')
    expect(column.summary(9)).toBe(direct(s)[9].summary)
  })

  it('honours a forced decoder, the negotiated subprotocol and a .proto given as source', () => {
    const stomp = store([['server', 'CONNECTED\nversion:1.2\n\n\u0000']])
    expect(decodeAll(stomp, { ...AUTO, mode: ['text'] }).decoder(0)).toBe('text')
    expect(decodeAll(stomp, { ...AUTO, subprotocol: 'v12.stomp' }).kind(0)).toBe('control')
    expect(decodeAll(stomp, { ...AUTO, mode: 'none' }).decoder(0)).toBeNull()

    const PROTO = 'syntax = "proto3"; package demo; message Price { string symbol = 1; int64 cents = 2; }'
    const T = protobufjs.parse(PROTO).root.lookupType('demo.Price')
    const price = store([['server', T.encode(T.fromObject({ symbol: 'ACME', cents: 12345 })).finish()]])
    const named = decodeAll(price, { mode: ['protobuf'], proto: { source: PROTO, type: 'demo.Price' }, subprotocol: null })
    expect(named.summary(0)).toContain('symbol')
    expect(decodeAll(price, { mode: ['protobuf'], proto: { source: 'message {', type: null }, subprotocol: null }).decoder(0)).toBe('protobuf')
  })

  it('cuts a request at its byte budget (at least one message) and refuses a batch out of order', () => {
    const big = 'x'.repeat(1000)
    const s = store([
      ['server', big],
      ['server', big],
      ['server', big],
    ])
    expect(messagesRequest(s, 1, 0, 3, 1500).count).toBe(1)
    expect(messagesRequest(s, 1, 0, 3, 10).count).toBe(1)
    expect(decodeAll(s, AUTO, 3, 1500).length).toBe(3)

    const decoder = new BatchDecoder()
    const column = new PayloadColumn(s)
    expect(column.append(decoder.handle(messagesRequest(s, 1, 1, 2, Infinity))!)).toBe(false)
    expect(column.length).toBe(0)
    expect(column.ready(0)).toBe(false)
  })

  it("copies each message's stored bytes, across slab boundaries", () => {
    const s = store(Array.from({ length: 600 }, (_, i) => ['server', `${i}:${'y'.repeat(1000 + (i % 7))}`] as Message))
    expect(s.slabOf(599)).toBeGreaterThan(0)
    const request = messagesRequest(s, 1, 0, 600, Infinity)
    let start = 0
    for (let k = 0; k < 600; k++) {
      expect(request.bytes.subarray(start, request.ends[k])).toEqual(s.payload(k))
      start = request.ends[k]
    }
  })

  it('decodes control messages as control, with their payload in the summary', () => {
    const s = new MessageStore()
    s.append({ t: 0, sender: 'client', type: 'ping', data: new Uint8Array([1, 2]) })
    s.append({ t: 1, sender: 'server', type: 'close', data: new Uint8Array([0x03, 0xe8]), closeCode: 1000 })
    const column = decodeAll(s)
    expect(column.kind(0)).toBe('control')
    expect(column.summary(0)).toBe(direct(s)[0].summary)
    expect(column.kind(1)).toBe('control')
  })
})
