import { brief, idString, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, PayloadDecoder, PayloadKind } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'
import { mayBeJsonContainer } from '../first-byte.ts'

interface PhxMessage {
  join_ref: JsonValue
  ref: JsonValue
  topic: string
  event: string
  payload: JsonValue
}

const isRef = (v: unknown) => v === null || v === undefined || typeof v === 'string' || typeof v === 'number'

/** v2 (vsn=2.0.0): [join_ref, ref, topic, event, payload]; v1: {topic, event, payload, ref}. */
function read(input: PayloadInput): { m: PhxMessage; version: 1 | 2 } | null {
  const v = input.json
  if (Array.isArray(v) && v.length === 5 && isRef(v[0]) && isRef(v[1]) && typeof v[2] === 'string' && typeof v[3] === 'string') {
    return { m: { join_ref: v[0] ?? null, ref: v[1] ?? null, topic: v[2], event: v[3], payload: v[4] }, version: 2 }
  }
  if (isRecord(v) && typeof v.topic === 'string' && typeof v.event === 'string' && 'payload' in v && isRef(v.ref)) {
    return {
      m: { join_ref: (v.join_ref ?? null) as JsonValue, ref: (v.ref ?? null) as JsonValue, topic: v.topic, event: v.event, payload: v.payload as JsonValue },
      version: 1,
    }
  }
  return null
}

/** Phoenix channels, serializer v1 (objects) and v2 (arrays). */
export const phoenix: PayloadDecoder = {
  id: 'phoenix',
  starts: (b) => mayBeJsonContainer(b),
  // v1 objects: topic, event and payload.
  objectKeys: ['topic'],
  innermost: true,
  subprotocols: ['phoenix'],
  sniff: (input) => {
    const r = read(input)
    if (!r) return 0
    return r.m.event.startsWith('phx_') || r.m.event === 'heartbeat' ? 0.9 : r.version === 2 ? 0.7 : 0.8
  },
  decode: (input, ctx) => {
    const r = read(input)
    if (!r)
      return unreadable(input.asValue(), 'phoenix', [
        { message: 'a Phoenix message is [join_ref, ref, topic, event, payload] or {topic, event, payload, ref}', offset: 0 },
      ])
    const { m } = r
    const ref = idString(m.ref)
    const status = isRecord(m.payload) ? m.payload.status : undefined
    let kind: PayloadKind
    if (m.topic === 'phoenix' && (m.event === 'heartbeat' || m.event === 'phx_reply')) kind = 'heartbeat'
    else if (m.event === 'phx_join') kind = 'subscribe'
    else if (m.event === 'phx_leave') kind = 'unsubscribe'
    else if (m.event === 'phx_reply') kind = status === 'ok' ? 'response' : 'error'
    else if (m.event === 'phx_error') kind = 'error'
    else if (m.event === 'phx_close') kind = 'control'
    else kind = ctx.direction === 'client' && ref !== null ? 'request' : 'event'
    const detail = m.event === 'phx_reply' ? words(status as string, brief(isRecord(m.payload) ? m.payload.response : m.payload, 50)) : brief(m.payload, 50)
    const value = { ...m, version: r.version } as unknown as JsonValue
    return { value, kind, summary: words(m.event, m.topic, detail, ref && `ref ${ref}`), correlation: ref }
  },
}
