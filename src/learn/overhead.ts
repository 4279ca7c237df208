import { headerLengthFor, minimalLengthBits, MessageEncoder, DEFAULT_DEFLATE_PARAMS, type HandshakeRequest, type Sender } from '../protocol/index.ts'

/**
 * The numbers behind "WebSocket is cheaper than HTTP polling": framing overhead per message,
 * the bytes of HTTP request headers a polling client repeats, and what context takeover saves.
 */

/** Header bytes of one frame carrying `payloadLength` bytes: 2, 4 or 10, plus 4 when masked (a client). */
export function frameOverhead(payloadLength: number, masked: boolean): number {
  return headerLengthFor(minimalLengthBits(payloadLength), masked)
}

/** Fields that only an upgrade request carries: a plain polling GET would not send them. */
const UPGRADE_ONLY = /^(upgrade|connection|sec-websocket-.*)$/i

export interface PollingRequestSize {
  /** "GET /path?query HTTP/1.1\r\n" */
  requestLine: string
  /** The fields a polling GET to the same URL repeats, with their wire size ("Name: value\r\n"). */
  fields: { name: string; bytes: number }[]
  /** Request line + fields + the empty line that ends the header block. */
  total: number
}

/**
 * Measures the request a polling client would send each time, from a real handshake request:
 * the same request line and fields, less the upgrade-only ones, as HTTP/1.1 writes them.
 */
export function pollingRequestSize(request: HandshakeRequest): PollingRequestSize {
  const requestLine = `GET ${resourceName(request.url)} HTTP/1.1\r\n`
  const fields = request.headers
    .filter(([name]) => !UPGRADE_ONLY.test(name) && !name.startsWith(':'))
    .map(([name, value]) => ({ name, bytes: byteLength(`${name}: ${value}\r\n`) }))
  const total = byteLength(requestLine) + fields.reduce((n, f) => n + f.bytes, 0) + 2
  return { requestLine, fields, total }
}

/** The path and query of a request-target that may be an absolute URI (devtools show one). */
function resourceName(url: string): string {
  if (url === '' || url.startsWith('/')) return url || '/'
  try {
    const parsed = new URL(url)
    return parsed.pathname + parsed.search
  } catch {
    return url
  }
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length
}

export interface CompressionGain {
  messages: number
  /** Application data, summed. */
  payloadBytes: number
  /** Wire bytes (headers included) sent uncompressed, compressed with context takeover, and without. */
  plain: number
  withTakeover: number
  withoutTakeover: number
  /** Per message, the same three wire sizes. */
  perMessage: { plain: number; withTakeover: number; withoutTakeover: number }[]
}

/**
 * Compresses the same messages as `sender` would with permessage-deflate, once keeping the
 * context across messages and once resetting it after each, and counts the wire bytes. The
 * messages are text (JSON events, as /stream sends) or binary; the sizes do not depend on it.
 */
export function measureContextTakeover(messages: Uint8Array[], sender: Sender, windowBits = 15): CompressionGain {
  const params = (noTakeover: boolean) => ({
    ...DEFAULT_DEFLATE_PARAMS,
    clientMaxWindowBits: windowBits,
    serverMaxWindowBits: windowBits,
    clientNoContextTakeover: noTakeover,
    serverNoContextTakeover: noTakeover,
  })
  // Fixed masking keys: the sizes do not depend on them, and the result is reproducible.
  const random = (b: Uint8Array) => b.fill(0x5a)
  const plainEncoder = new MessageEncoder({ sender, random })
  const takeover = new MessageEncoder({ sender, deflate: params(false), random })
  const noTakeover = new MessageEncoder({ sender, deflate: params(true), random })
  const perMessage = messages.map((m) => ({
    plain: plainEncoder.binary(m).length,
    withTakeover: takeover.binary(m).length,
    withoutTakeover: noTakeover.binary(m).length,
  }))
  const sum = (key: keyof CompressionGain['perMessage'][number]) => perMessage.reduce((n, m) => n + m[key], 0)
  return {
    messages: messages.length,
    payloadBytes: messages.reduce((n, m) => n + m.length, 0),
    plain: sum('plain'),
    withTakeover: sum('withTakeover'),
    withoutTakeover: sum('withoutTakeover'),
    perMessage,
  }
}
