/**
 * A Session cut into records for storage: messages and frames become columnar chunks (typed
 * arrays, every payload packed into one byte array per chunk), events and findings plain
 * arrays. A million-message session is then a few hundred records of a few MiB each, never one
 * giant value, and a chunk stores no object per message. Pure: the IndexedDB module and the
 * import worker both use it, and the tests run it in Node.
 */
import type { MessageType } from '../../protocol/index.ts'
import type { Session, SessionEvent, SessionFinding, SessionFrame, SessionMessage } from '../../shared/session.ts'

/** A chunk ends after this many items… */
export const CHUNK_ITEMS = 5000
/** …or once its payload bytes reach this, so a chunk of large messages stays small too. */
export const CHUNK_BYTES = 16 * 1024 * 1024

export type ChunkKind = 'messages' | 'frames' | 'events' | 'findings'
export const CHUNK_KINDS: readonly ChunkKind[] = ['messages', 'frames', 'events', 'findings']

const TYPES: readonly MessageType[] = ['text', 'binary', 'close', 'ping', 'pong']
const SERVER = 1
/** Message: compressed; frame: injected. */
const SECOND_FLAG = 2
/**
 * Frame: its payload is byte for byte its message's data (an unmasked, uncompressed frame
 * that is the whole message, as most server frames are), so it is stored once, with the
 * message: a capture's sessions then take little more room than their messages.
 */
const SAME_AS_MESSAGE = 4
/** Message: how a gap in a capture spoiled it (SessionMessage.gap). */
const GAP_FLAGS = { cut: 4, 'not-inflated': 8 } as const

/** Item i's bytes are `bytes[ends[i - 1] ?? 0, ends[i])`. */
interface Packed {
  ends: Float64Array
  bytes: Uint8Array
}

export interface MessageChunk extends Packed {
  kind: 'messages'
  count: number
  t: Float64Array
  /** Bit 0: server; bit 1: compressed; bit 2: cut by a gap; bit 3: not inflated after a gap. */
  flags: Uint8Array
  /** Index into TYPES. */
  types: Uint8Array
  /** NaN stands for null in the nullable number columns. */
  wireLength: Float64Array
  frameCount: Float64Array
  closeCode: Float64Array
  /** [index in the chunk, reason] for the messages that have one. */
  closeReasons: [number, string][]
}

export interface FrameChunk extends Packed {
  kind: 'frames'
  count: number
  t: Float64Array
  /** Bit 0: server; bit 1: injected; bit 2: the payload is the message's data, not stored here. */
  flags: Uint8Array
  offset: Float64Array
  messageIndex: Float64Array
  /** The header is the first headerLength bytes of the frame's packed bytes; the payload follows. */
  headerLength: Uint8Array
}

export interface EventChunk {
  kind: 'events'
  count: number
  items: SessionEvent[]
}

export interface FindingChunk {
  kind: 'findings'
  count: number
  items: SessionFinding[]
}

export type SessionChunk = MessageChunk | FrameChunk | EventChunk | FindingChunk

export interface ChunkedSession {
  chunks: SessionChunk[]
  counts: Record<ChunkKind, number>
  /** Chunk records of each kind, numbered from 0. */
  chunkCounts: Record<ChunkKind, number>
  /** What the chunks hold: payload bytes and columns, events and findings estimated as JSON. */
  bytes: number
}

/** Consecutive runs of items that make one chunk each: at most CHUNK_ITEMS, and at most CHUNK_BYTES unless one item alone is larger. */
function runs<T>(items: readonly T[], size: (item: T) => number): [number, number][] {
  const out: [number, number][] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < items.length; i++) {
    const n = size(items[i])
    if (i > start && (i - start === CHUNK_ITEMS || bytes + n > CHUNK_BYTES)) {
      out.push([start, i])
      start = i
      bytes = 0
    }
    bytes += n
  }
  if (start < items.length) out.push([start, items.length])
  return out
}

function pack(parts: Uint8Array[][]): Packed {
  const ends = new Float64Array(parts.length)
  let length = 0
  parts.forEach((p, i) => (ends[i] = length += p.reduce((n, b) => n + b.length, 0)))
  const bytes = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    for (const b of p) {
      bytes.set(b, at)
      at += b.length
    }
  }
  return { ends, bytes }
}

const orNaN = (n: number | null) => (n === null ? NaN : n)
const orNull = (n: number) => (Number.isNaN(n) ? null : n)

function messageChunk(messages: SessionMessage[]): MessageChunk {
  const n = messages.length
  const chunk: MessageChunk = {
    kind: 'messages',
    count: n,
    t: new Float64Array(n),
    flags: new Uint8Array(n),
    types: new Uint8Array(n),
    wireLength: new Float64Array(n),
    frameCount: new Float64Array(n),
    closeCode: new Float64Array(n),
    closeReasons: [],
    ...pack(messages.map((m) => [m.data])),
  }
  messages.forEach((m, i) => {
    chunk.t[i] = m.t
    chunk.flags[i] = (m.sender === 'server' ? SERVER : 0) | (m.compressed ? SECOND_FLAG : 0) | (m.gap ? GAP_FLAGS[m.gap] : 0)
    chunk.types[i] = TYPES.indexOf(m.type)
    chunk.wireLength[i] = orNaN(m.wireLength)
    chunk.frameCount[i] = orNaN(m.frameCount)
    chunk.closeCode[i] = orNaN(m.closeCode)
    if (m.closeReason !== null) chunk.closeReasons.push([i, m.closeReason])
  })
  return chunk
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function frameChunk(frames: SessionFrame[], messages: SessionMessage[]): FrameChunk {
  const n = frames.length
  const same = frames.map((f) => f.messageIndex !== null && f.messageIndex < messages.length && sameBytes(f.payload, messages[f.messageIndex].data))
  const chunk: FrameChunk = {
    kind: 'frames',
    count: n,
    t: new Float64Array(n),
    flags: new Uint8Array(n),
    offset: new Float64Array(n),
    messageIndex: new Float64Array(n),
    headerLength: new Uint8Array(n),
    ...pack(frames.map((f, i) => (same[i] ? [f.header] : [f.header, f.payload]))),
  }
  frames.forEach((f, i) => {
    chunk.t[i] = f.t
    chunk.flags[i] = (f.sender === 'server' ? SERVER : 0) | (f.injected ? SECOND_FLAG : 0) | (same[i] ? SAME_AS_MESSAGE : 0)
    chunk.offset[i] = f.offset
    chunk.messageIndex[i] = orNaN(f.messageIndex)
    chunk.headerLength[i] = f.header.length
  })
  return chunk
}

const columnBytes = (c: MessageChunk | FrameChunk) => Object.values(c).reduce((n: number, v) => n + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0)

export function chunkSession(session: Session): ChunkedSession {
  const chunks: SessionChunk[] = []
  const add = <T>(items: T[], size: (item: T) => number, make: (slice: T[]) => SessionChunk) => {
    const made = runs(items, size).map(([from, to]) => make(items.slice(from, to)))
    chunks.push(...made)
    return made.length
  }
  const chunkCounts: Record<ChunkKind, number> = {
    messages: add(session.messages, (m) => m.data.length, messageChunk),
    frames: add(
      session.frames,
      (f) => f.header.length + f.payload.length,
      (slice) => frameChunk(slice, session.messages),
    ),
    // Events and findings are small objects: counted, not sized.
    events: add(
      session.events,
      () => 0,
      (items) => ({ kind: 'events', count: items.length, items }),
    ),
    findings: add(
      session.findings,
      () => 0,
      (items) => ({ kind: 'findings', count: items.length, items }),
    ),
  }
  let bytes = 0
  for (const c of chunks) bytes += c.kind === 'messages' || c.kind === 'frames' ? columnBytes(c) : JSON.stringify(c.items).length
  const { messages, frames, events, findings } = session
  return { chunks, chunkCounts, bytes, counts: { messages: messages.length, frames: frames.length, events: events.length, findings: findings.length } }
}

function unpack<T>(chunk: Packed & { count: number }, item: (i: number, start: number, end: number) => T): T[] {
  const out: T[] = new Array(chunk.count)
  for (let i = 0; i < chunk.count; i++) out[i] = item(i, i === 0 ? 0 : chunk.ends[i - 1], chunk.ends[i])
  return out
}

/** The session again from its chunks (of any kinds, each kind in index order). Payloads are views into the chunks' byte arrays. */
export function unchunkSession(info: Session['info'], chunks: readonly SessionChunk[]): Session {
  const session: Session = { info, messages: [], frames: [], events: [], findings: [] }
  const sameAsMessage: SessionFrame[] = []
  for (const c of chunks) {
    if (c.kind === 'messages') {
      const reasons = new Map(c.closeReasons)
      session.messages.push(
        ...unpack<SessionMessage>(c, (i, start, end) => ({
          t: c.t[i],
          sender: c.flags[i] & SERVER ? 'server' : 'client',
          type: TYPES[c.types[i]],
          data: c.bytes.subarray(start, end),
          compressed: (c.flags[i] & SECOND_FLAG) !== 0,
          wireLength: orNull(c.wireLength[i]),
          frameCount: orNull(c.frameCount[i]),
          closeCode: orNull(c.closeCode[i]),
          closeReason: reasons.get(i) ?? null,
          ...(c.flags[i] & GAP_FLAGS.cut ? { gap: 'cut' as const } : c.flags[i] & GAP_FLAGS['not-inflated'] ? { gap: 'not-inflated' as const } : {}),
        })),
      )
    } else if (c.kind === 'frames') {
      session.frames.push(
        ...unpack<SessionFrame>(c, (i, start, end) => {
          const frame: SessionFrame = {
            t: c.t[i],
            sender: c.flags[i] & SERVER ? 'server' : 'client',
            offset: c.offset[i],
            header: c.bytes.subarray(start, start + c.headerLength[i]),
            payload: c.bytes.subarray(start + c.headerLength[i], end),
            messageIndex: orNull(c.messageIndex[i]),
            injected: (c.flags[i] & SECOND_FLAG) !== 0,
          }
          if (c.flags[i] & SAME_AS_MESSAGE) sameAsMessage.push(frame)
          return frame
        }),
      )
    } else if (c.kind === 'events') {
      session.events.push(...c.items)
    } else {
      session.findings.push(...c.items)
    }
  }
  // The messages may come after the frames: their data is given to the frames once all is read.
  for (const frame of sameAsMessage) frame.payload = session.messages[frame.messageIndex!].data
  return session
}
