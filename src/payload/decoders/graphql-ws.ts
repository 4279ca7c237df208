import { operationOf } from '../graphql-operation.ts'
import { brief, idString, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, PayloadDecoder, PayloadKind } from '../types.ts'
import { mayBeJsonObject } from '../first-byte.ts'

/** graphql-ws (GraphQL over WebSocket, subprotocol graphql-transport-ws) message types. */
const TYPES: Record<string, PayloadKind> = {
  connection_init: 'control',
  connection_ack: 'control',
  ping: 'heartbeat',
  pong: 'heartbeat',
  subscribe: 'subscribe',
  next: 'response',
  error: 'error',
  complete: 'control',
}
/** Types the legacy protocol has too: only a weak hint on their own. */
const SHARED = new Set(['connection_init', 'connection_ack', 'error', 'complete'])

export const graphqlWs: PayloadDecoder = {
  id: 'graphql-ws',
  starts: (b) => mayBeJsonObject(b),
  objectKeys: ['type'],
  innermost: true,
  subprotocols: ['graphql-transport-ws'],
  sniff: (input) => {
    const v = input.json
    if (!isRecord(v) || typeof v.type !== 'string' || !(v.type in TYPES)) return 0
    return SHARED.has(v.type) ? 0.6 : 0.9
  },
  decode: (input) => {
    const v = input.json
    if (!isRecord(v) || typeof v.type !== 'string')
      return unreadable(input.asValue(), 'graphql-ws', [{ message: 'a graphql-ws message is a JSON object with a "type"', offset: 0 }])
    const id = idString(v.id)
    let kind = TYPES[v.type] ?? 'data'
    let summary: string
    if (v.type === 'subscribe') {
      const op = operationOf(v.payload)
      if (op.type !== 'subscription') kind = 'request'
      summary = words('SUBSCRIBE', id, op.type, op.name)
    } else if (v.type === 'next' || v.type === 'error') summary = words(v.type.toUpperCase(), id, brief(v.payload))
    else summary = words(v.type.toUpperCase(), id, v.payload !== undefined && v.payload !== null && brief(v.payload, 40))
    const errors = v.type in TYPES ? [] : [{ message: `"${v.type}" is not a graphql-ws message type`, offset: 0 }]
    return { value: v as JsonValue, kind, summary, correlation: id, errors }
  },
}
