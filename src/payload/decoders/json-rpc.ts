import { brief, combine, idString, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError } from '../types.ts'
import { mayBeJsonContainer } from '../first-byte.ts'

function isRpc(v: unknown): v is Record<string, JsonValue> {
  return (
    isRecord(v) &&
    (v.jsonrpc === '2.0' ||
      (typeof v.method === 'string' && 'id' in v && 'params' in v) ||
      ('id' in v && ('result' in v || 'error' in v) && Object.keys(v).length <= 3))
  )
}

function describe(m: Record<string, JsonValue>): LayerResult {
  const id = idString(m.id)
  if (typeof m.method === 'string') {
    const request = id !== null
    return {
      value: m,
      kind: request ? 'request' : 'event',
      summary: words(request ? 'CALL' : 'NOTIFY', m.method, brief(m.params), request && `id ${id}`),
      correlation: id,
    }
  }
  if ('error' in m && m.error !== null) {
    const e = m.error as Record<string, JsonValue>
    return { value: m, kind: 'error', summary: words('ERROR', id, isRecord(e) ? `${e.code} ${e.message}` : brief(e)), correlation: id }
  }
  return { value: m, kind: 'response', summary: words('RESULT', id, brief(m.result)), correlation: id }
}

/** JSON-RPC 2.0 requests, notifications and responses, batches included (1.0-shaped calls too). */
export const jsonRpc: PayloadDecoder = {
  id: 'json-rpc',
  starts: (b) => mayBeJsonContainer(b),
  objectKeys: ['jsonrpc', 'id'],
  innermost: true,
  subprotocols: ['jsonrpc', 'json-rpc', 'jsonrpc-2.0'],
  sniff: (input) => {
    const v = input.json
    // One message is the common case: no array is made for it.
    if (!Array.isArray(v)) return isRpc(v) ? (v.jsonrpc === '2.0' ? 0.95 : 0.4) : 0
    if (v.length === 0 || !v.every(isRpc)) return 0
    return v.some((m) => (m as Record<string, unknown>).jsonrpc === '2.0') ? 0.95 : 0.4
  },
  decode: (input) => {
    const v = input.json
    const items = Array.isArray(v) ? v : [v]
    const errors: PayloadError[] = []
    const parts: LayerResult[] = []
    items.forEach((m, i) => {
      if (isRpc(m)) parts.push(describe(m))
      else errors.push({ message: `${Array.isArray(v) ? `batch item ${i}` : 'the message'} is not a JSON-RPC object`, offset: 0 })
    })
    if (v === undefined || parts.length === 0) return unreadable(input.asValue(), 'json-rpc', errors.length ? errors : [{ message: 'not JSON', offset: 0 }])
    const c = combine(parts, 'in batch')
    return { value: v as JsonValue, ...c, summary: Array.isArray(v) ? `BATCH ${c.summary}` : c.summary, errors }
  },
}
