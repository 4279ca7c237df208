import { brief, isRecord, words } from './summary.ts'
import type { JsonValue, LayerResult, PayloadKind } from './types.ts'

/** SignalR hub protocol message types (HubProtocol.md). */
export const SIGNALR_TYPES: Record<number, [string, PayloadKind]> = {
  1: ['INVOCATION', 'request'],
  2: ['STREAM_ITEM', 'response'],
  3: ['COMPLETION', 'response'],
  4: ['STREAM_INVOCATION', 'request'],
  5: ['CANCEL_INVOCATION', 'control'],
  6: ['PING', 'heartbeat'],
  7: ['CLOSE', 'control'],
  8: ['ACK', 'control'],
  9: ['SEQUENCE', 'control'],
}
/** Ends every JSON record, and the handshake in both encodings. */
export const RECORD_SEPARATOR = '\u001e'

/** A hub message in its JSON form (the MessagePack form is mapped to it first). */
export function describeSignalR(m: Record<string, JsonValue>): LayerResult {
  if (!('type' in m)) {
    // The handshake: {"protocol","version"} from the client, {} or {"error"} from the server.
    if (typeof m.protocol === 'string') return { value: m, kind: 'control', summary: words('HANDSHAKE', m.protocol, `v${m.version}`) }
    return { value: m, kind: m.error ? 'error' : 'control', summary: words('HANDSHAKE', m.error ? `error ${brief(m.error)}` : 'ok') }
  }
  const [name, defaultKind] = SIGNALR_TYPES[m.type as number] ?? [`TYPE ${m.type}`, 'data']
  const id = typeof m.invocationId === 'string' ? m.invocationId : null
  let kind = defaultKind
  let summary: string
  switch (m.type) {
    case 1:
    case 4:
      if (m.type === 1 && id === null) kind = 'event'
      summary = words(name, m.target as string, brief(m.arguments), id && `id ${id}`)
      break
    case 2:
      summary = words(name, id, brief(m.item))
      break
    case 3:
      if (m.error !== undefined) kind = 'error'
      summary = words(name, id, m.error !== undefined ? `error ${brief(m.error)}` : m.result !== undefined && brief(m.result))
      break
    case 7:
      summary = words(name, m.error !== undefined && brief(m.error), m.allowReconnect === true && 'allow reconnect')
      break
    case 8:
    case 9:
      summary = words(name, m.sequenceId as number)
      break
    default:
      summary = words(name, id)
  }
  return { value: m, kind, summary, correlation: id }
}

export function isSignalRHandshake(v: unknown): v is Record<string, JsonValue> {
  return (
    isRecord(v) &&
    ((typeof v.protocol === 'string' && typeof v.version === 'number') ||
      Object.keys(v).length === 0 ||
      (Object.keys(v).length === 1 && typeof v.error === 'string'))
  )
}
