import { binaryValue } from '../json-value.ts'
import { brief, unreadable, words } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError, PayloadKind } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'

/** Socket.IO v5 packet types (socket.io-protocol), by their digit. */
const TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const
type PacketType = (typeof TYPES)[number]
const KINDS: Record<PacketType, PayloadKind> = {
  CONNECT: 'control',
  DISCONNECT: 'control',
  EVENT: 'event',
  ACK: 'response',
  CONNECT_ERROR: 'error',
  BINARY_EVENT: 'event',
  BINARY_ACK: 'response',
}

interface Packet {
  type: PacketType
  nsp: string
  id?: number
  attachments?: number
  data?: JsonValue
}

/** A binary packet waiting for its attachments (the next binary messages of the same direction). */
interface Pending {
  packet: Packet
  received: Uint8Array[]
}
const PENDING = 'socket.io.pending'

/**
 * Socket.IO v5, carried by Engine.IO `message` packets. A BINARY_EVENT/BINARY_ACK announces
 * N attachments; the next N binary messages are joined to it in place of its placeholders.
 * Hand-written (the grammar is one line) so errors can point at their offset; tests hold it
 * to socket.io-parser's encoder.
 */
export const socketIo: PayloadDecoder = {
  id: 'socket.io',
  carrier: 'engine.io',
  sniff: (input, ctx) => {
    if (!input.isText) return ctx.state.has(PENDING) ? 1 : 0
    return parsed(input).packet ? 0.9 : 0
  },
  decode: (input, ctx) => {
    const pending = ctx.state.get(PENDING) as Pending | undefined
    if (!input.isText) {
      if (!pending) return unreadable(input.asValue(), 'socket.io', [{ message: 'a binary message with no binary packet announcing it', offset: 0 }])
      return attachment(pending, input, ctx.state)
    }
    const { packet, error } = parsed(input)
    if (!packet) return unreadable(input.asValue(), 'socket.io', [error!])
    const errors: PayloadError[] = []
    if (pending) {
      errors.push({ message: `the previous ${pending.packet.type} got ${pending.received.length} of its ${pending.packet.attachments} attachments`, offset: 0 })
      ctx.state.delete(PENDING)
    }
    if (packet.attachments) ctx.state.set(PENDING, { packet, received: [] })
    const result = describe(packet, packet.attachments ? `(${packet.attachments} attachment${packet.attachments === 1 ? '' : 's'} to follow)` : '')
    return { ...result, errors }
  },
}

const parsed = (input: PayloadInput) => input.memo('socket.io', () => parsePacket(input.text ?? ''))

function attachment(pending: Pending, input: PayloadInput, state: Map<string, unknown>): LayerResult {
  pending.received.push(input.bytes)
  const total = pending.packet.attachments ?? 0
  if (pending.received.length >= total) state.delete(PENDING)
  const joined = { ...pending.packet, data: fill(pending.packet.data, pending.received) }
  const result = describe(joined, `attachment ${pending.received.length}/${total}`)
  return { ...result, value: { ...(result.value as Record<string, JsonValue>), attachment: pending.received.length } }
}

/** Replaces `{"_placeholder": true, "num": n}` with the n-th attachment received so far. */
function fill(data: JsonValue | undefined, buffers: Uint8Array[]): JsonValue {
  if (Array.isArray(data)) return data.map((d) => fill(d, buffers))
  if (data && typeof data === 'object') {
    if (data._placeholder === true && typeof data.num === 'number') {
      const b = buffers[data.num]
      return b ? binaryValue(b) : data
    }
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fill(v, buffers)]))
  }
  return data ?? null
}

function describe(p: Packet, note: string): LayerResult {
  const value: Record<string, JsonValue> = { type: p.type, nsp: p.nsp }
  if (p.id !== undefined) value.id = p.id
  if (p.attachments !== undefined) value.attachments = p.attachments
  if (p.data !== undefined) value.data = p.data
  const nsp = p.nsp === '/' ? null : p.nsp
  const args = Array.isArray(p.data) ? p.data : []
  let summary: string
  if (p.type === 'EVENT' || p.type === 'BINARY_EVENT') {
    summary = words(p.type, nsp, brief(args[0], 40), args.length > 1 && brief(args.slice(1)), p.id !== undefined && `ack ${p.id}`, note)
  } else if (p.type === 'ACK' || p.type === 'BINARY_ACK') {
    summary = words(p.type, nsp, p.id, brief(p.data), note)
  } else {
    summary = words(p.type, p.nsp, p.data !== undefined && brief(p.data))
  }
  return { value, kind: KINDS[p.type], summary, correlation: p.id === undefined ? null : String(p.id) }
}

/** `<type>[<attachments>-][<nsp>,][<id>][<JSON>]` */
export function parsePacket(t: string): { packet: Packet | null; error: PayloadError | null } {
  const fail = (message: string, offset: number) => ({ packet: null, error: { message, offset } })
  const type = TYPES[t.charCodeAt(0) - 48]
  if (!type || t.length === 0) return fail(`"${t.slice(0, 1)}" is not a Socket.IO packet type (0–6)`, 0)
  let i = 1
  const packet: Packet = { type, nsp: '/' }
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const dash = t.indexOf('-', i)
    const count = t.slice(i, dash)
    if (dash < 0 || !/^\d+$/.test(count)) return fail('a binary packet must start with its attachment count and "-"', i)
    packet.attachments = Number(count)
    i = dash + 1
  }
  if (t[i] === '/') {
    const comma = t.indexOf(',', i)
    const end = comma < 0 ? t.length : comma
    packet.nsp = t.slice(i, end)
    i = comma < 0 ? end : end + 1
  }
  const idMatch = /^\d+/.exec(t.slice(i))
  if (idMatch) {
    packet.id = Number(idMatch[0])
    i += idMatch[0].length
  }
  if (i < t.length) {
    try {
      packet.data = JSON.parse(t.slice(i)) as JsonValue
    } catch (e) {
      return fail(`the packet's data is not JSON: ${e instanceof Error ? e.message : String(e)}`, i)
    }
  }
  const problem = payloadProblem(packet)
  return problem ? fail(problem, i) : { packet, error: null }
}

/** socket.io-parser's isPayloadValid rules. */
function payloadProblem(p: Packet): string | null {
  const d = p.data
  switch (p.type) {
    case 'CONNECT':
      return d === undefined || (typeof d === 'object' && d !== null && !Array.isArray(d)) ? null : 'CONNECT data must be an object'
    case 'DISCONNECT':
      return d === undefined ? null : 'DISCONNECT carries no data'
    case 'CONNECT_ERROR':
      return typeof d === 'string' || (typeof d === 'object' && d !== null) ? null : 'CONNECT_ERROR data must be a string or an object'
    case 'EVENT':
    case 'BINARY_EVENT':
      return Array.isArray(d) && (typeof d[0] === 'string' || typeof d[0] === 'number') ? null : 'an event needs an array starting with its name'
    default:
      return Array.isArray(d) ? null : 'an acknowledgement needs an array'
  }
}
