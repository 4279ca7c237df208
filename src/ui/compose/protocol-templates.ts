import type { DraftFormat } from './draft-payload.ts'

/** Ready-made messages of the protocols the payload decoders read. */
export const PROTOCOL_TEMPLATES: { name: string; format: DraftFormat; body: string }[] = [
  { name: 'Socket.IO emit (ack 1)', format: 'text', body: '421["chat","hello"]' },
  { name: 'STOMP SEND', format: 'text', body: 'SEND\ndestination:/queue/a\ncontent-type:text/plain\nreceipt:r-1\n\nhello\u0000' },
  {
    name: 'graphql-ws subscribe',
    format: 'json',
    body: JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription OnPrice { price }' } }, null, 2),
  },
  { name: 'JSON-RPC call', format: 'json', body: JSON.stringify({ jsonrpc: '2.0', method: 'add', params: [2, 3], id: 1 }, null, 2) },
  { name: 'MessagePack document', format: 'msgpack', body: JSON.stringify({ type: 'hello', n: 1 }, null, 2) },
]
