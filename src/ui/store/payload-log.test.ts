import { describe, expect, it } from 'vitest'
import { Deflate, Z_SYNC_FLUSH } from 'pako'
import { MessageStore } from './message-store.ts'
import { AUTO_PAYLOAD, PayloadLog } from './payload-log.ts'

function store(messages: [sender: 'client' | 'server', data: string | Uint8Array][]): MessageStore {
  const s = new MessageStore()
  messages.forEach(([sender, data], i) => s.append({ t: 1000 + i * 10, sender, type: typeof data === 'string' ? 'text' : 'binary', data }))
  return s
}

describe('PayloadLog', () => {
  it('links a request and its answer by correlation id, the other side, in order', () => {
    const log = new PayloadLog(
      store([
        ['client', '{"jsonrpc":"2.0","method":"a","id":1}'],
        ['client', '{"jsonrpc":"2.0","method":"b","id":2}'],
        ['server', '{"jsonrpc":"2.0","result":1,"id":1}'],
      ]),
      AUTO_PAYLOAD,
      null,
    )
    expect(log.result(2)).toMatchObject({ decoder: 'json-rpc', kind: 'response', correlation: '1' })
    expect(log.partner(0)).toBe(2)
    expect(log.partner(2)).toBe(0)
    expect(log.partner(1)).toBeNull()
    expect(log.asks(1)).toBe(true)
    expect(log.kind(1)).toBe('request')
  })

  it('decodes in order, so a later message asked first still gets its stream state', () => {
    const deflate = new Deflate()
    let chunks: Uint8Array[] = []
    deflate.onData = (c: Uint8Array) => chunks.push(c)
    const msgs = ['{"op":1}', '{"op":2}'].map((t) => {
      chunks = []
      deflate.push(new TextEncoder().encode(t), Z_SYNC_FLUSH)
      return Uint8Array.from(chunks.flatMap((c) => [...c]))
    })
    const log = new PayloadLog(store(msgs.map((m) => ['server', m] as ['server', Uint8Array])), AUTO_PAYLOAD, null)
    expect(log.result(1)).toMatchObject({ layers: ['zlib-stream', 'json'], value: { op: 2 } })
    expect(log.result(0).value).toEqual({ op: 1 })
  })

  it('a named decoder and the negotiated subprotocol are honoured', () => {
    const s = store([['server', 'CONNECTED\nversion:1.2\n\n\u0000']])
    expect(new PayloadLog(s, { mode: ['text'], proto: null }, null).decoder(0)).toBe('text')
    expect(new PayloadLog(s, AUTO_PAYLOAD, 'v12.stomp').kind(0)).toBe('control')
  })
})

describe('PayloadLog catching up', () => {
  it('is ready only near what it decoded; step decodes in slices up to a target', () => {
    const s = store(Array.from({ length: 5000 }, (_, i) => ['server', `{"jsonrpc":"2.0","result":${i},"id":${i}}`] as ['server', string]))
    const log = new PayloadLog(s, AUTO_PAYLOAD, null)
    expect(log.ready(4999)).toBe(false)
    expect(log.ready(100)).toBe(true)
    let rounds = 0
    while (!log.step(4999, performance.now() + 1)) rounds++
    expect(rounds).toBeLessThan(5000)
    expect(log.ready(4999)).toBe(true)
    expect(log.result(4999)).toMatchObject({ decoder: 'json-rpc', correlation: '4999' })
  })

  it('counts payload bytes too: a few large messages ahead are not decoded on the spot', () => {
    const big = `{"data":"${'x'.repeat(16 * 1024)}"}`
    const log = new PayloadLog(store(Array.from({ length: 100 }, () => ['server', big] as ['server', string])), AUTO_PAYLOAD, null)
    expect(log.ready(10)).toBe(true)
    expect(log.ready(99)).toBe(false)
    while (!log.step(99, performance.now() + 1));
    expect(log.ready(99)).toBe(true)
  })
})
