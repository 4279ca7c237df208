import { PayloadInput } from '../payload-input.ts'
import { brief, clip, handingOn, isRecord, unreadable, words } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadKind } from '../types.ts'
import { textStartsWith } from '../first-byte.ts'

/** Engine.IO v4 packet types (engine.io-protocol), by their digit. */
const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const
const KINDS: Record<(typeof TYPES)[number], PayloadKind> = {
  open: 'control',
  close: 'control',
  ping: 'heartbeat',
  pong: 'heartbeat',
  message: 'data',
  upgrade: 'control',
  noop: 'control',
}
export const ENGINE_IO_SEEN = 'engine.io'
const isEngineIoType = textStartsWith('0123456')

/**
 * Engine.IO v4 over WebSocket: a text message is a type digit and its data; a binary message is
 * a `message` packet's binary data (Socket.IO attachments). Hand-written: the framing is one digit.
 */
export const engineIo: PayloadDecoder = {
  id: 'engine.io',
  starts: (b, isText) => !isText || isEngineIoType(b),
  sniff: (input, ctx) => {
    if (!input.isText) return ctx.state.has(ENGINE_IO_SEEN) ? 0.15 : 0
    const t = input.text
    if (!t) return 0
    const type = t.charCodeAt(0) - 48
    if (type < 0 || type > 6) return 0
    const rest = t.slice(1)
    if (type === 0) return isRecord(input.memo('eio-open', () => safeJson(rest))) ? 0.95 : 0
    if (type === 4) return /^[0-6]/.test(rest) ? 0.6 : 0.35
    if ((type === 2 || type === 3) && (rest === '' || rest === 'probe')) return 0.3
    // A bare close/upgrade/noop digit is a weaker guess than the same text read as a JSON number.
    return rest === '' ? 0.11 : 0
  },
  decode: (input, ctx) => {
    ctx.state.set(ENGINE_IO_SEEN, true)
    if (!input.isText) return message(new PayloadInput(input.bytes, false), () => input.asValue())
    const t = input.text ?? ''
    const type = TYPES[t.charCodeAt(0) - 48]
    if (!type) return unreadable(input.asValue(), 'engine.io', [{ message: `"${t.slice(0, 1)}" is not an Engine.IO packet type (0–6)`, offset: 0 }])
    const rest = t.slice(1)
    if (type === 'message') return message(PayloadInput.ofText(rest), () => rest)
    if (type === 'open') {
      const handshake = safeJson(rest)
      const errors = isRecord(handshake) ? [] : [{ message: 'the open packet carries no JSON handshake', offset: 1 }]
      const sid = isRecord(handshake) ? handshake.sid : undefined
      return {
        value: { type, data: (handshake ?? rest) as JsonValue },
        kind: 'control',
        summary: words('OPEN', typeof sid === 'string' && `sid=${sid}`),
        errors,
      }
    }
    const value: JsonValue = rest ? { type, data: rest } : { type }
    return { value, kind: KINDS[type], summary: words(type.toUpperCase(), rest && brief(rest, 40)) }
  },
}

function message(input: PayloadInput, content: () => JsonValue): LayerResult {
  return handingOn(
    { kind: 'data', next: { input, prefer: ['socket.io'] } },
    () => ({ type: 'message', data: content() }),
    () => {
      const data = content()
      return clip(`MESSAGE ${typeof data === 'string' ? data : `${input.bytes.length} bytes`}`)
    },
  )
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
