import { operationOf } from '../graphql-operation.ts'
import { brief, idString, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, PayloadDecoder, PayloadKind } from '../types.ts'
import { mayBeJsonObject } from '../first-byte.ts'

/** Apollo's legacy subscriptions-transport-ws protocol (subprotocol graphql-ws). */
const TYPES: Record<string, PayloadKind> = {
  connection_init: 'control',
  connection_ack: 'control',
  connection_error: 'error',
  connection_terminate: 'control',
  ka: 'heartbeat',
  start: 'subscribe',
  data: 'response',
  error: 'error',
  complete: 'control',
  stop: 'unsubscribe',
}
const SHARED = new Set(['connection_init', 'connection_ack', 'error', 'complete'])

export const subscriptionsTransportWs: PayloadDecoder = {
  id: 'subscriptions-transport-ws',
  starts: (b) => mayBeJsonObject(b),
  objectKeys: ['type'],
  innermost: true,
  subprotocols: ['graphql-ws'],
  sniff: (input) => {
    const v = input.json
    if (!isRecord(v) || typeof v.type !== 'string' || !(v.type in TYPES)) return 0
    return SHARED.has(v.type) ? 0.55 : 0.9
  },
  decode: (input) => {
    const v = input.json
    if (!isRecord(v) || typeof v.type !== 'string')
      return unreadable(input.asValue(), 'subscriptions-transport-ws', [{ message: 'a message is a JSON object with a "type"', offset: 0 }])
    const id = idString(v.id)
    let kind = TYPES[v.type] ?? 'data'
    let summary: string
    if (v.type === 'start') {
      const op = operationOf(v.payload)
      if (op.type !== 'subscription') kind = 'request'
      summary = words('START', id, op.type, op.name)
    } else summary = words(v.type.toUpperCase(), id, v.payload !== undefined && v.payload !== null && brief(v.payload, 50))
    const errors = v.type in TYPES ? [] : [{ message: `"${v.type}" is not a subscriptions-transport-ws message type`, offset: 0 }]
    return { value: v as JsonValue, kind, summary, correlation: id, errors }
  },
}
