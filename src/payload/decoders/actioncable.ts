import { brief, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, PayloadDecoder, PayloadKind } from '../types.ts'
import { mayBeJsonObject } from '../first-byte.ts'

const SERVER_TYPES: Record<string, PayloadKind> = {
  welcome: 'control',
  ping: 'heartbeat',
  confirm_subscription: 'response',
  reject_subscription: 'error',
  disconnect: 'control',
}
const COMMANDS: Record<string, PayloadKind> = { subscribe: 'subscribe', unsubscribe: 'unsubscribe', message: 'event' }

/** The channel name in an identifier, which is itself JSON text: {"channel":"ChatChannel",…}. */
function channelOf(identifier: unknown): string | null {
  if (typeof identifier !== 'string') return null
  try {
    const v = JSON.parse(identifier) as unknown
    return isRecord(v) && typeof v.channel === 'string' ? v.channel : identifier
  } catch {
    return identifier
  }
}

/** Rails Action Cable (actioncable-v1-json). */
export const actioncable: PayloadDecoder = {
  id: 'actioncable',
  starts: (b) => mayBeJsonObject(b),
  // A command comes with its identifier.
  objectKeys: ['type', 'identifier'],
  innermost: true,
  subprotocols: ['actioncable-v1-json', 'actioncable-unsupported'],
  sniff: (input) => {
    const v = input.json
    if (!isRecord(v)) return 0
    if (typeof v.type === 'string' && v.type in SERVER_TYPES) return v.type === 'ping' || v.type === 'welcome' || 'identifier' in v ? 0.9 : 0.5
    if (typeof v.command === 'string' && v.command in COMMANDS && typeof v.identifier === 'string') return 0.9
    return typeof v.identifier === 'string' && 'message' in v && Object.keys(v).length === 2 ? 0.8 : 0
  },
  decode: (input) => {
    const v = input.json
    if (!isRecord(v)) return unreadable(input.asValue(), 'actioncable', [{ message: 'an Action Cable message is a JSON object', offset: 0 }])
    const value = v as Record<string, JsonValue>
    const channel = channelOf(v.identifier)
    if (typeof v.type === 'string' && v.type in SERVER_TYPES) {
      const correlation = v.type.endsWith('_subscription') ? (v.identifier as string) : null
      return { value, kind: SERVER_TYPES[v.type], summary: words(v.type.toUpperCase(), channel, v.type === 'disconnect' && (v.reason as string)), correlation }
    }
    if (typeof v.command === 'string' && v.command in COMMANDS) {
      const correlation = v.command === 'subscribe' ? (v.identifier as string) : null
      return { value, kind: COMMANDS[v.command], summary: words(v.command.toUpperCase(), channel, v.data !== undefined && brief(v.data)), correlation }
    }
    return { value, kind: 'event', summary: words('MESSAGE', channel, brief(v.message)) }
  },
}
