import { parseCbor } from './cbor.ts'
import { parseMsgpack } from './msgpack.ts'
import { brief, idString, unreadable, words } from '../summary.ts'
import type { JsonValue, PayloadDecoder, PayloadKind } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'
import { mayBeJsonArray } from '../first-byte.ts'

/** WAMP v2 message codes: name, kind, and the names of the fields after the code. */
const MESSAGES: Record<number, [string, PayloadKind, string[]]> = {
  1: ['HELLO', 'control', ['realm', 'details']],
  2: ['WELCOME', 'control', ['session', 'details']],
  3: ['ABORT', 'error', ['details', 'reason']],
  4: ['CHALLENGE', 'control', ['authMethod', 'extra']],
  5: ['AUTHENTICATE', 'control', ['signature', 'extra']],
  6: ['GOODBYE', 'control', ['details', 'reason']],
  8: ['ERROR', 'error', ['requestType', 'request', 'details', 'error', 'args', 'kwargs']],
  16: ['PUBLISH', 'event', ['request', 'options', 'topic', 'args', 'kwargs']],
  17: ['PUBLISHED', 'response', ['request', 'publication']],
  32: ['SUBSCRIBE', 'subscribe', ['request', 'options', 'topic']],
  33: ['SUBSCRIBED', 'response', ['request', 'subscription']],
  34: ['UNSUBSCRIBE', 'unsubscribe', ['request', 'subscription']],
  35: ['UNSUBSCRIBED', 'response', ['request']],
  36: ['EVENT', 'event', ['subscription', 'publication', 'details', 'args', 'kwargs']],
  48: ['CALL', 'request', ['request', 'options', 'procedure', 'args', 'kwargs']],
  49: ['CANCEL', 'control', ['request', 'options']],
  50: ['RESULT', 'response', ['request', 'details', 'args', 'kwargs']],
  64: ['REGISTER', 'request', ['request', 'options', 'procedure']],
  65: ['REGISTERED', 'response', ['request', 'registration']],
  66: ['UNREGISTER', 'request', ['request', 'registration']],
  67: ['UNREGISTERED', 'response', ['request']],
  68: ['INVOCATION', 'request', ['request', 'registration', 'details', 'args', 'kwargs']],
  69: ['INTERRUPT', 'control', ['request', 'options']],
  70: ['YIELD', 'response', ['request', 'options', 'args', 'kwargs']],
}
/** The fields a message must have: everything up to args. */
const required = (fields: string[]) => (fields.indexOf('args') < 0 ? fields.length : fields.indexOf('args'))

/** The message array, in the serialization the subprotocol names (or any, when sniffing). */
function messageArray(input: PayloadInput, subprotocol: string | null): unknown {
  const serializer = subprotocol?.startsWith('wamp.2.') ? subprotocol.slice(7) : null
  if (input.isText || serializer === 'json') return input.json
  if (serializer !== 'cbor') {
    const m = parseMsgpack(input)
    if (m.ok || serializer === 'msgpack') return m.ok ? m.value : undefined
  }
  const c = parseCbor(input)
  return c.ok ? c.value : undefined
}

function wellFormed(a: unknown): a is JsonValue[] {
  if (!Array.isArray(a) || typeof a[0] !== 'number' || !(a[0] in MESSAGES)) return false
  const fields = MESSAGES[a[0]][2]
  return a.length - 1 >= required(fields) && a.length - 1 <= fields.length
}

/** WAMP v2 over JSON, MessagePack or CBOR (wamp.2.json / .msgpack / .cbor). */
export const wamp: PayloadDecoder = {
  id: 'wamp',
  // As text, a JSON array; as binary, any of the three serializations.
  starts: (b, isText) => !isText || mayBeJsonArray(b),
  innermost: true,
  subprotocols: ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor'],
  sniff: (input, ctx) => (wellFormed(messageArray(input, ctx.subprotocol)) ? (input.isText ? 0.6 : 0.7) : 0),
  decode: (input, ctx) => {
    const a = messageArray(input, ctx.subprotocol)
    if (!wellFormed(a)) {
      const message = Array.isArray(a)
        ? `[${brief(a[0], 10)}, …] is not a WAMP message of the right length`
        : 'a WAMP message is an array starting with its code'
      return unreadable(input.asValue(), 'wamp', [{ message, offset: 0 }])
    }
    const [name, kind, fields] = MESSAGES[a[0] as number]
    const value: Record<string, JsonValue> = { type: name, code: a[0] }
    fields.forEach((f, i) => {
      if (i + 1 < a.length) value[f] = a[i + 1]
    })
    const id = idString(value.request)
    const args = value.args !== undefined ? brief(value.args, 40) : null
    let summary: string
    if (name === 'CALL' || name === 'REGISTER') summary = words(name, value.procedure as string, args, `id ${id}`)
    else if (name === 'PUBLISH' || name === 'SUBSCRIBE') summary = words(name, value.topic as string, args, `id ${id}`)
    else if (name === 'EVENT') summary = words(name, `subscription ${value.subscription}`, args)
    else if (name === 'HELLO') summary = words(name, value.realm as string)
    else if (name === 'ERROR' || name === 'ABORT' || name === 'GOODBYE') summary = words(name, id, (value.error ?? value.reason) as string, args)
    else summary = words(name, id, args)
    return { value, kind, summary, correlation: id }
  },
}
