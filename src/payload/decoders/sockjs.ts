import { PayloadInput } from '../payload-input.ts'
import { brief, clip, combine, unreadable, words } from '../summary.ts'
import type { DecodeContext, JsonValue, LayerResult, PayloadDecoder, PayloadError } from '../types.ts'
import { mayBeJsonArray, textStartsWith } from '../first-byte.ts'

/** o(pen), h(eartbeat), c(lose), a[…] and m"…" (messages). */
const isSockJsFrame = textStartsWith('ohcam')
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The messages a SockJS frame carries: server `a[...]` / `m"..."`, client `[...]`. */
function carried(input: PayloadInput, direction: 'client' | 'server'): string[] | null {
  const t = input.text
  if (t === null) return null
  if (direction === 'client') {
    const v = input.json
    return strings(v) ? v : typeof v === 'string' ? [v] : null
  }
  if (t[0] === 'a') {
    const v = input.memo('sockjs', () => safeJson(t.slice(1)))
    return strings(v) ? v : null
  }
  if (t[0] === 'm') {
    const v = input.memo('sockjs', () => safeJson(t.slice(1)))
    return typeof v === 'string' ? [v] : null
  }
  return null
}

/**
 * SockJS framing over its WebSocket transport: `o` open, `h` heartbeat, `a[…]` messages,
 * `c[code,"reason"]` close; the client sends JSON arrays of strings. The carried messages are
 * decoded in turn (STOMP over SockJS is common).
 */
export const sockjs: PayloadDecoder = {
  id: 'sockjs',
  // Server frames by their letter; a client's frame is a JSON array of strings.
  starts: (b, isText) => isText && (isSockJsFrame(b) || mayBeJsonArray(b)),
  sniff: (input, ctx) => {
    const t = input.text
    if (t === null || !input.isText) return 0
    if (ctx.direction === 'client') return carried(input, 'client') && Array.isArray(input.json) ? 0.55 : 0
    if (t === 'o') return 0.8
    if (t === 'h') return 0.7
    if (t[0] === 'c') {
      const v = safeJson(t.slice(1))
      return Array.isArray(v) && typeof v[0] === 'number' ? 0.95 : 0
    }
    return carried(input, 'server') ? 0.95 : 0
  },
  decode: (input, ctx): LayerResult => {
    const t = input.text ?? ''
    if (ctx.direction === 'server') {
      if (t === 'o') return { value: { type: 'open' }, kind: 'control', summary: 'OPEN' }
      if (t === 'h') return { value: { type: 'heartbeat' }, kind: 'heartbeat', summary: 'HEARTBEAT' }
      if (t[0] === 'c') {
        const v = safeJson(t.slice(1))
        if (Array.isArray(v))
          return {
            value: { type: 'close', code: v[0] as JsonValue, reason: (v[1] ?? null) as JsonValue },
            kind: 'control',
            summary: words('CLOSE', v[0] as number, v[1] as string),
          }
      }
    }
    const messages = carried(input, ctx.direction)
    if (!messages)
      return unreadable(input.asValue(), 'sockjs', [{ message: 'not a SockJS frame (o, h, a[…], m"…", c[…] or a JSON array of strings)', offset: 0 }])
    return carriedMessages(messages, ctx.inner)
  },
}

function carriedMessages(messages: string[], inner: DecodeContext['inner']): LayerResult {
  const decoded = messages.map((m) => inner(PayloadInput.ofText(m), ['stomp']))
  const errors: PayloadError[] = decoded.flatMap((d) => d.errors)
  const layers = decoded[0].layers
  // The carried layers are reported when every message was read the same way.
  const same = decoded.every((d) => d.layers.join() === layers.join())
  if (!same || layers.length === 0) {
    return { value: { type: 'message', messages }, kind: 'data', summary: clip(`MESSAGE ${messages.map((m) => brief(m, 40)).join(' ')}`), errors }
  }
  const parts: LayerResult[] = decoded.map((d) => ({ value: d.value, kind: d.kind, summary: d.summary, correlation: d.correlation }))
  return { value: parts.length === 1 ? parts[0].value : parts.map((p) => p.value), ...combine(parts, 'messages'), layers, errors }
}
