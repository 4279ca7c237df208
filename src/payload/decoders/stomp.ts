import { brief, clip, combine, unreadable, words } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError, PayloadKind } from '../types.ts'
import { textStartsWith } from '../first-byte.ts'

/** STOMP 1.0–1.2 frame commands and what each is for. */
const COMMANDS: Record<string, PayloadKind> = {
  CONNECT: 'control',
  STOMP: 'control',
  CONNECTED: 'control',
  DISCONNECT: 'control',
  SEND: 'event',
  MESSAGE: 'event',
  SUBSCRIBE: 'subscribe',
  UNSUBSCRIBE: 'unsubscribe',
  ACK: 'control',
  NACK: 'control',
  BEGIN: 'control',
  COMMIT: 'control',
  ABORT: 'control',
  RECEIPT: 'response',
  ERROR: 'error',
}
const COMMAND_LINE = /^(?:\r?\n)*([A-Z]+)\r?\n/
const SEEN = 'stomp'
const isStompStart = textStartsWith('\r\nABCDEFGHIJKLMNOPQRSTUVWXYZ')

/** STOMP 1.2 §Value Encoding (not applied in CONNECT/CONNECTED frames). */
function unescape(v: string): string {
  return v.replace(/\\([rnc\\])/g, (_m, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : c === 'c' ? ':' : '\\'))
}

interface Frame {
  command: string
  headers: Record<string, string>
  body: string
}

/**
 * STOMP frames over WebSocket (v10/v11/v12.stomp): one or more frames per message, heart-beats
 * as bare end-of-lines. Hand-written: stompjs parses inside its client only.
 */
export const stomp: PayloadDecoder = {
  id: 'stomp',
  subprotocols: ['v10.stomp', 'v11.stomp', 'v12.stomp', 'stomp'],
  // A command line, after end-of-lines (heart-beats are end-of-lines only).
  starts: (b) => isStompStart(b),
  sniff: (input, ctx) => {
    const t = input.text
    if (t === null) return 0
    const m = COMMAND_LINE.exec(t)
    if (m) return m[1] in COMMANDS ? 0.95 : 0
    return /^(\r?\n)+$/.test(t) ? (ctx.state.has(SEEN) ? 0.6 : 0.05) : 0
  },
  decode: (input, ctx) => {
    ctx.state.set(SEEN, true)
    const t = input.text
    if (t === null) return unreadable(input.asValue(), 'stomp', [{ message: 'not UTF-8 text', offset: 0 }])
    if (/^(\r?\n)+$/.test(t)) return { value: { heartbeat: true }, kind: 'heartbeat', summary: 'heart-beat' }
    const frames: Frame[] = []
    const errors: PayloadError[] = []
    let pos = 0
    while (pos < t.length) {
      const eols = /^(?:\r?\n)*/.exec(t.slice(pos))![0].length
      pos += eols
      if (pos >= t.length) break
      const read = readFrame(t, pos)
      if ('message' in read) {
        errors.push(read)
        break
      }
      frames.push(read.frame)
      pos = read.end
    }
    if (frames.length === 0) return unreadable(input.asValue(), 'stomp', errors)
    const parts = frames.map(describe)
    const value: JsonValue = frames.length === 1 ? (frames[0] as unknown as JsonValue) : (frames as unknown as JsonValue)
    return { value, ...combine(parts, 'frames'), errors }
  },
}

function readFrame(t: string, start: number): { frame: Frame; end: number } | PayloadError {
  const rest = t.slice(start)
  const blank = /\r?\n\r?\n/.exec(rest)
  if (!blank) return { message: 'the frame has no blank line after its headers', offset: start }
  const lines = rest.slice(0, blank.index).split(/\r?\n/)
  const command = lines[0]
  if (!(command in COMMANDS)) return { message: `"${clip(command, 30)}" is not a STOMP command`, offset: start }
  const raw = command === 'CONNECT' || command === 'CONNECTED'
  const headers: Record<string, string> = {}
  let lineAt = start + command.length + 1
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon < 0) return { message: `header line "${clip(line, 30)}" has no colon`, offset: lineAt }
    const name = raw ? line.slice(0, colon) : unescape(line.slice(0, colon))
    // STOMP 1.2: when a header repeats, the first value counts.
    if (!(name in headers)) headers[name] = raw ? line.slice(colon + 1) : unescape(line.slice(colon + 1))
    lineAt += line.length + 1
  }
  const bodyStart = start + blank.index + blank[0].length
  const length = headers['content-length']
  let bodyEnd: number
  if (length !== undefined && /^\d+$/.test(length)) {
    // content-length counts octets; the body is text here, so count its UTF-8 bytes.
    bodyEnd = charsForBytes(t, bodyStart, Number(length))
    if (bodyEnd < 0 || t[bodyEnd] !== '\0') return { message: `content-length ${length} does not end at a NUL`, offset: bodyStart }
  } else {
    bodyEnd = t.indexOf('\0', bodyStart)
    if (bodyEnd < 0) return { message: 'the frame does not end with NUL', offset: t.length }
  }
  return { frame: { command, headers, body: t.slice(bodyStart, bodyEnd) }, end: bodyEnd + 1 }
}

function charsForBytes(t: string, from: number, bytes: number): number {
  const encoder = new TextEncoder()
  let count = 0
  let i = from
  while (count < bytes && i < t.length) {
    const cp = t.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    count += encoder.encode(ch).length
    i += ch.length
  }
  return count === bytes ? i : -1
}

function describe(f: Frame): LayerResult {
  const h = f.headers
  const correlation = h['receipt-id'] ?? h.receipt ?? null
  const body = f.body ? brief(f.body, 50) : ''
  let summary: string
  switch (f.command) {
    case 'SEND':
    case 'MESSAGE':
      summary = words(f.command, h.destination, body)
      break
    case 'SUBSCRIBE':
      summary = words(f.command, h.destination, h.id !== undefined && `id=${h.id}`)
      break
    case 'UNSUBSCRIBE':
    case 'ACK':
    case 'NACK':
      summary = words(f.command, h.id !== undefined && `id=${h.id}`)
      break
    case 'CONNECT':
    case 'STOMP':
      summary = words(f.command, h.host, h['accept-version'] && `v${h['accept-version']}`)
      break
    case 'CONNECTED':
      summary = words(f.command, h.version && `v${h.version}`, h['heart-beat'] && `heart-beat ${h['heart-beat']}`)
      break
    case 'ERROR':
      summary = words(f.command, h.message ?? body)
      break
    default:
      summary = words(f.command, h['receipt-id'] ?? h.transaction)
  }
  if (h.receipt && f.command !== 'RECEIPT') summary = words(summary, `receipt ${h.receipt}`)
  return { value: null, kind: COMMANDS[f.command], summary, correlation }
}
