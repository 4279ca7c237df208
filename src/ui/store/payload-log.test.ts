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
    expect(new PayloadLog(s, { mode: ['text'], proto: null }, null).result(0).decoder).toBe('text')
    expect(new PayloadLog(s, AUTO_PAYLOAD, 'v12.stomp').result(0).kind).toBe('control')
  })

  it('reads a message far from the ordered decoding alone, with the decoder the log found, instead of decoding everything before it', () => {
    const s = store(Array.from({ length: 5000 }, (_, i) => ['server', `{"jsonrpc":"2.0","result":${i},"id":${i}}`] as ['server', string]))
    const log = new PayloadLog(s, AUTO_PAYLOAD, null)
    expect(log.read(10)).toMatchObject({ alone: false, result: { decoder: 'json-rpc', correlation: '10' } })
    expect(log.read(4999, 'json-rpc')).toMatchObject({ alone: true, result: { decoder: 'json-rpc', correlation: '4999' } })
    expect(log.read(4999, null)).toMatchObject({ alone: true, result: { decoder: null } })
    expect(log.read(1500)).toMatchObject({ alone: false })
  })
})
