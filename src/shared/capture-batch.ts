/**
 * The captures feed's binary batch: many frames, messages and other events in one WebSocket
 * message, for subscribers that ask for `encoding: 'binary'` (the app does). Pure and
 * isomorphic: the server encodes, the app's captures worker decodes.
 *
 * ## Layout (integers are unsigned LEB128 varints of at most 8 bytes unless said otherwise)
 * ```
 * magic "wscf" (77 73 63 66) · version u8 (2)
 * bytes: varint length · that many bytes   the payload bytes, referenced by frames and messages
 * ids:   varint count · (varint length · UTF-8)…   the capture ids, referenced by position
 * records: varint count · record…
 * ```
 * Records, each starting with its kind (u8):
 * - 1 frame: capture (varint), t (float64 LE), flags u8 (bit 0 sender is the server, bits 1-2
 *   action 0 relayed 1 injected 2 dropped, bit 3 has an index), [index], offset, header length
 *   u8 and the header bytes exactly as on the wire (2 to 14), payload start and length in
 *   `bytes`. A masked frame's payload is stored UNMASKED (the decoder masks it again with the
 *   header's key), so a message made of it can reference the same bytes.
 * - 2 message: capture, t (float64), flags u8 (bit 0 server, bit 1 compressed, bits 2-4 type
 *   0 text 1 binary 2 ping 3 pong 4 close, bit 5 has a close code, bit 6 has a close reason),
 *   index, first frame, frame count, wire length, header bytes, size (the data's full length),
 *   data start and length in `bytes`, [close code u16 BE], [close reason: varint length · UTF-8].
 * - 3 event: varint length · the UTF-8 JSON of any other `CaptureEvent`.
 * - 4 frames (the answer to a `frames` request): capture, flags u8 (bit 0 server, bit 1 has a
 *   command id, bit 2 has a not-kept reason), [command id: varint length · UTF-8], from, to,
 *   kept from, [not-kept reason: varint length · UTF-8], frame count, then each frame as a frame
 *   record after its capture (t, flags, [index], offset, header, payload start and length).
 *
 * Payload bytes are sent once: a message whose data equals the (unmasked) payload its frames
 * put in the batch just before references those bytes instead of repeating them. A frame or
 * message holds only the first bytes of its payload when the subscriber's `payloadLimit` cut it
 * (`size` and the frame header keep the full lengths); none with `frames: 'headers'`.
 *
 * `decodeCaptureBatch` never throws: a truncated or malformed batch is an error value naming
 * what is wrong and where, and nothing it allocates exceeds a small multiple of the batch.
 */
import { applyMask, headerLengthFromSecondByte, isValidUtf8, utf8Decode, utf8Encode, type MessageType, type Sender } from '../protocol/index.ts'
import type { CaptureEvent, CaptureFrame, CaptureFrames, CaptureMessage } from './capture-api.ts'

export const BATCH_MAGIC = [0x77, 0x73, 0x63, 0x66] as const
export const BATCH_VERSION = 2

/** A frame as it crossed the tap, with its header bytes and (the first bytes of) its wire payload. */
export interface FeedFrame {
  type: 'frame'
  captureId: string
  t: number
  sender: Sender
  index: number | null
  action: CaptureFrame['action']
  offset: number
  /** The header exactly as on the wire (2 to 14 bytes): every header field, the full payload length included. */
  header: Uint8Array
  /** The payload as on the wire (still masked, still compressed), or only its first bytes. */
  payload: Uint8Array
}

/** A message: its application data (unmasked, inflated), or only its first bytes. */
export interface FeedMessage extends Omit<CaptureMessage, 'data'> {
  data: Uint8Array
  /** The data's full length. */
  size: number
}

/** The answer to a `frames` request, its frames as the stream's. */
export interface FeedFramesAnswer extends Omit<CaptureFrames, 'frames'> {
  frames: FeedFrame[]
}

/** Every other event travels as its JSON. */
export type FeedEvent = Exclude<CaptureEvent, CaptureFrame | CaptureMessage | CaptureFrames>

export type FeedRecord = FeedFrame | FeedMessage | FeedFramesAnswer | FeedEvent

export type BatchDecodeResult = { ok: true; records: FeedRecord[] } | { ok: false; error: string }

const KIND_FRAME = 1
const KIND_MESSAGE = 2
const KIND_EVENT = 3
const KIND_FRAMES = 4
/** A frame's action by its code in batches (and in the columns and stores made from them). */
export const FRAME_ACTIONS: readonly FeedFrame['action'][] = ['relayed', 'injected', 'dropped']
const MESSAGE_TYPES: readonly MessageType[] = ['text', 'binary', 'ping', 'pong', 'close']
const MAX_VARINT_BYTES = 8

/** The last payload bytes a sender's frames put in the batch, which its next message may reuse. */
interface Run {
  /** Stream index of the first frame, and of the frame that would extend the run. */
  first: number
  next: number
  start: number
  end: number
}

/** A growable byte buffer. */
class Bytes {
  buffer: Uint8Array
  length = 0
  private data: DataView

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity)
    this.data = new DataView(this.buffer.buffer)
  }

  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return
    let size = this.buffer.length * 2
    while (size < this.length + n) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.buffer.subarray(0, this.length))
    this.buffer = grown
    this.data = new DataView(grown.buffer)
  }

  u8(value: number): void {
    this.reserve(1)
    this.buffer[this.length++] = value
  }

  varint(value: number): void {
    this.reserve(MAX_VARINT_BYTES)
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
    this.buffer[this.length++] = value
  }

  f64(value: number): void {
    this.reserve(8)
    this.data.setFloat64(this.length, value, true)
    this.length += 8
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length)
    this.buffer.set(value, this.length)
    this.length += value.length
  }

  /** Length-prefixed UTF-8. */
  text(value: string): void {
    const encoded = utf8Encode(value)
    this.varint(encoded.length)
    this.bytes(encoded)
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.length)
  }
}

/**
 * Builds one batch record by record; `finish()` returns it and starts the next. One encoder per
 * subscriber (payload limits differ); payloads are copied in at `add`, so the caller's buffers
 * may be reused at once.
 */
export class CaptureBatchEncoder {
  private bytes = new Bytes()
  private records = new Bytes()
  private count = 0
  private readonly ids = new Map<string, number>()
  /** Per capture and sender: the data frames' run and the last control frame. */
  private readonly runs = new Map<string, Run>()

  /** Records added since the last `finish()`. */
  get size(): number {
    return this.count
  }

  /** Roughly the batch's size so far, in bytes. */
  get byteLength(): number {
    return this.bytes.length + this.records.length
  }

  add(record: FeedRecord): void {
    this.count++
    if (record.type === 'frame') this.frame(record)
    else if (record.type === 'message') this.message(record)
    else if (record.type === 'frames') this.answer(record)
    else {
      this.records.u8(KIND_EVENT)
      this.records.text(JSON.stringify(record))
    }
  }

  finish(): Uint8Array {
    const out = new Bytes(this.bytes.length + this.records.length + 64 + 72 * this.ids.size)
    out.bytes(Uint8Array.from(BATCH_MAGIC))
    out.u8(BATCH_VERSION)
    out.varint(this.bytes.length)
    out.bytes(this.bytes.view())
    out.varint(this.ids.size)
    for (const id of this.ids.keys()) out.text(id)
    out.varint(this.count)
    out.bytes(this.records.view())
    this.bytes = new Bytes()
    this.records = new Bytes()
    this.count = 0
    this.ids.clear()
    this.runs.clear()
    return out.view()
  }

  private id(captureId: string): number {
    let ref = this.ids.get(captureId)
    if (ref === undefined) this.ids.set(captureId, (ref = this.ids.size))
    return ref
  }

  private frame(f: FeedFrame): void {
    const ref = this.id(f.captureId)
    this.records.u8(KIND_FRAME)
    this.records.varint(ref)
    const { start, end } = this.frameBody(f)
    if (f.index === null) return
    const runKey = `${ref} ${f.sender}`
    const opcode = f.header[0]! & 0x0f
    if (opcode >= 8) this.runs.set(`${runKey} control`, { first: f.index, next: f.index + 1, start, end })
    else if (opcode !== 0) this.runs.set(runKey, { first: f.index, next: f.index + 1, start, end })
    else {
      const run = this.runs.get(runKey)
      if (run && run.next === f.index && run.end === start) Object.assign(run, { next: f.index + 1, end })
      else this.runs.delete(runKey)
    }
  }

  private answer(a: FeedFramesAnswer): void {
    const r = this.records
    r.u8(KIND_FRAMES)
    r.varint(this.id(a.captureId))
    r.u8((a.sender === 'server' ? 1 : 0) | (a.commandId === null ? 0 : 2) | (a.notKept === null ? 0 : 4))
    if (a.commandId !== null) r.text(a.commandId)
    r.varint(a.from)
    r.varint(a.to)
    r.varint(a.keptFrom)
    if (a.notKept !== null) r.text(a.notKept)
    r.varint(a.frames.length)
    for (const f of a.frames) this.frameBody(f)
  }

  /** A frame after its capture: its fields, and its payload (unmasked) appended to the payload bytes. */
  private frameBody(f: FeedFrame): { start: number; end: number } {
    const r = this.records
    r.f64(f.t)
    r.u8((f.sender === 'server' ? 1 : 0) | (FRAME_ACTIONS.indexOf(f.action) << 1) | (f.index === null ? 0 : 8))
    if (f.index !== null) r.varint(f.index)
    r.varint(f.offset)
    r.u8(f.header.length)
    r.bytes(f.header)
    const start = this.bytes.length
    const key = maskingKey(f.header)
    this.bytes.reserve(f.payload.length)
    if (key === null) this.bytes.bytes(f.payload)
    else {
      applyMask(f.payload, 0, f.payload.length, key, 0, this.bytes.buffer, start)
      this.bytes.length += f.payload.length
    }
    const end = this.bytes.length
    r.varint(start)
    r.varint(f.payload.length)
    return { start, end }
  }

  private message(m: FeedMessage): void {
    const r = this.records
    const ref = this.id(m.captureId)
    const control = m.messageType !== 'text' && m.messageType !== 'binary'
    const run = this.runs.get(`${ref} ${m.sender}${control ? ' control' : ''}`)
    let start: number
    if (run && run.first === m.firstFrame && run.end - run.start === m.data.length && equal(this.bytes.buffer, run.start, m.data)) start = run.start
    else {
      start = this.bytes.length
      this.bytes.bytes(m.data)
    }
    r.u8(KIND_MESSAGE)
    r.varint(ref)
    r.f64(m.t)
    const typeBits = MESSAGE_TYPES.indexOf(m.messageType) << 2
    r.u8((m.sender === 'server' ? 1 : 0) | (m.compressed ? 2 : 0) | typeBits | (m.closeCode === null ? 0 : 0x20) | (m.closeReason === null ? 0 : 0x40))
    r.varint(m.index)
    r.varint(m.firstFrame)
    r.varint(m.frameCount)
    r.varint(m.wireLength)
    r.varint(m.headerBytes)
    r.varint(m.size)
    r.varint(start)
    r.varint(m.data.length)
    if (m.closeCode !== null) {
      r.u8(m.closeCode >> 8)
      r.u8(m.closeCode & 0xff)
    }
    if (m.closeReason !== null) r.text(m.closeReason)
  }
}

function equal(buffer: Uint8Array, start: number, data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (buffer[start + i] !== data[i]) return false
  return true
}

/** The masking key of a header whose MASK bit is set, or null. */
function maskingKey(header: Uint8Array): number | null {
  if (!(header[1]! & 0x80)) return null
  const k = header.length - 4
  return ((header[k]! << 24) | (header[k + 1]! << 16) | (header[k + 2]! << 8) | header[k + 3]!) >>> 0
}

/** The payload length a (complete, checked) header states. */
export function headerPayloadLength(header: Uint8Array): number {
  const len7 = header[1]! & 0x7f
  if (len7 < 126) return len7
  if (len7 === 126) return (header[2]! << 8) | header[3]!
  let n = 0
  for (let i = 2; i < 10; i++) n = n * 256 + header[i]!
  return n
}

class BatchError extends Error {}

/** Reads a batch; all positions in error messages are byte offsets in the batch. */
class Reader {
  at = 0
  private readonly view: DataView

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  need(n: number, what: string): void {
    if (this.bytes.length - this.at < n)
      throw new BatchError(`the batch ends inside ${what} at byte ${this.at} (${n} bytes needed, ${this.bytes.length - this.at} left)`)
  }

  u8(what: string): number {
    this.need(1, what)
    return this.bytes[this.at++]!
  }

  varint(what: string): number {
    const start = this.at
    let value = 0
    let scale = 1
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const byte = this.u8(what)
      value += (byte & 0x7f) * scale
      if (!(byte & 0x80)) {
        if (!Number.isSafeInteger(value)) throw new BatchError(`${what} at byte ${start} is too large`)
        return value
      }
      scale *= 0x80
    }
    throw new BatchError(`${what} at byte ${start} is longer than ${MAX_VARINT_BYTES} bytes`)
  }

  f64(what: string): number {
    this.need(8, what)
    const value = this.view.getFloat64(this.at, true)
    this.at += 8
    return value
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what)
    const out = this.bytes.subarray(this.at, this.at + n)
    this.at += n
    return out
  }

  text(what: string): string {
    const length = this.varint(`${what}'s length`)
    const bytes = this.take(length, what)
    if (!isValidUtf8(bytes)) throw new BatchError(`${what} at byte ${this.at - length} is not UTF-8`)
    return utf8Decode(bytes)
  }
}

/** Decodes one batch. Frames and messages reference `bytes` (no copy) except masked frame payloads. */
export function decodeCaptureBatch(bytes: Uint8Array): BatchDecodeResult {
  try {
    return { ok: true, records: read(new Reader(bytes)) }
  } catch (e) {
    if (e instanceof BatchError) return { ok: false, error: `not a captures batch: ${e.message}` }
    throw e
  }
}

function read(r: Reader): FeedRecord[] {
  const magic = r.take(BATCH_MAGIC.length, 'the magic number')
  if (BATCH_MAGIC.some((b, i) => magic[i] !== b)) throw new BatchError('it does not start with "wscf"')
  const version = r.u8('the version')
  if (version !== BATCH_VERSION) throw new BatchError(`version ${version} is not ${BATCH_VERSION}`)
  const payloads = r.take(r.varint('the length of the payload bytes'), 'the payload bytes')
  const idCount = r.varint('the number of capture ids')
  if (idCount > r.bytes.length - r.at) throw new BatchError(`it names ${idCount} capture ids but has ${r.bytes.length - r.at} bytes left`)
  const ids: string[] = []
  for (let i = 0; i < idCount; i++) ids.push(r.text(`capture id ${i}`))
  const count = r.varint('the number of records')
  if (count > r.bytes.length - r.at) throw new BatchError(`it announces ${count} records but has ${r.bytes.length - r.at} bytes left`)
  // Masked frame payloads are copied (masked again); a real batch stores each once, so their
  // total never exceeds the payload bytes: more means a hostile batch asking for memory.
  let remask: { out: Uint8Array; used: number } | null = null
  const slice = (what: string, ref: number): Uint8Array => {
    const start = r.varint(`${what}'s start`)
    const length = r.varint(`${what}'s length`)
    if (start + length > payloads.length)
      throw new BatchError(`${what} of record ${ref} (bytes ${start}+${length}) lies outside the ${payloads.length} payload bytes`)
    return payloads.subarray(start, start + length)
  }
  const captureOf = (ref: number): string => {
    const id = ids[r.varint(`record ${ref}'s capture`)]
    if (id === undefined) throw new BatchError(`record ${ref} names capture ${ids.length} or later, but the batch has ${ids.length}`)
    return id
  }
  /** A frame after its capture (in a frame record, or one of an answer's frames). */
  const frameOf = (captureId: string, i: number, what: string): FeedFrame => {
    const t = r.f64(`${what}'s time`)
    const flags = r.u8(`${what}'s flags`)
    const action = FRAME_ACTIONS[(flags >> 1) & 3]
    if (action === undefined || flags & 0xf0) throw new BatchError(`${what} has unknown flags ${flags}`)
    const index = flags & 8 ? r.varint(`${what}'s index`) : null
    const offset = r.varint(`${what}'s offset`)
    const headerLength = r.u8(`${what}'s header length`)
    const header = r.take(headerLength, `${what}'s header`)
    if (headerLength < 2 || headerLengthFromSecondByte(header[1]!) !== headerLength)
      throw new BatchError(`${what}'s header of ${headerLength} bytes is not a complete frame header`)
    let payload = slice('the payload', i)
    if (payload.length > headerPayloadLength(header))
      throw new BatchError(`${what} holds ${payload.length} payload bytes but its header says ${headerPayloadLength(header)}`)
    const key = maskingKey(header)
    if (key !== null) {
      remask ??= { out: new Uint8Array(payloads.length), used: 0 }
      if (remask.used + payload.length > payloads.length) throw new BatchError(`its masked frames reference more than its ${payloads.length} payload bytes`)
      applyMask(payload, 0, payload.length, key, 0, remask.out, remask.used)
      payload = remask.out.subarray(remask.used, (remask.used += payload.length))
    }
    return { type: 'frame', captureId, t, sender: flags & 1 ? 'server' : 'client', index, action, offset, header, payload }
  }
  const records: FeedRecord[] = []
  for (let i = 0; i < count; i++) {
    const kind = r.u8(`record ${i}`)
    if (kind === KIND_FRAME) {
      records.push(frameOf(captureOf(i), i, `frame record ${i}`))
    } else if (kind === KIND_FRAMES) {
      const captureId = captureOf(i)
      const flags = r.u8(`record ${i}'s flags`)
      if (flags & 0xf8) throw new BatchError(`frames record ${i} has unknown flags ${flags}`)
      const commandId = flags & 2 ? r.text(`record ${i}'s command id`) : null
      const from = r.varint(`record ${i}'s from`)
      const to = r.varint(`record ${i}'s to`)
      const keptFrom = r.varint(`record ${i}'s kept from`)
      const notKept = flags & 4 ? r.text(`record ${i}'s not-kept reason`) : null
      const frameCount = r.varint(`record ${i}'s frame count`)
      if (frameCount > r.bytes.length - r.at)
        throw new BatchError(`frames record ${i} announces ${frameCount} frames but the batch has ${r.bytes.length - r.at} bytes left`)
      const frames: FeedFrame[] = []
      for (let k = 0; k < frameCount; k++) frames.push(frameOf(captureId, i, `frame ${k} of record ${i}`))
      records.push({ type: 'frames', captureId, commandId, sender: flags & 1 ? 'server' : 'client', from, to, keptFrom, frames, notKept })
    } else if (kind === KIND_MESSAGE) {
      const captureId = captureOf(i)
      const t = r.f64(`record ${i}'s time`)
      const flags = r.u8(`record ${i}'s flags`)
      const messageType = MESSAGE_TYPES[(flags >> 2) & 7]
      if (messageType === undefined || flags & 0x80) throw new BatchError(`message record ${i} has unknown flags ${flags}`)
      const index = r.varint(`record ${i}'s index`)
      const firstFrame = r.varint(`record ${i}'s first frame`)
      const frameCount = r.varint(`record ${i}'s frame count`)
      const wireLength = r.varint(`record ${i}'s wire length`)
      const headerBytes = r.varint(`record ${i}'s header bytes`)
      const size = r.varint(`record ${i}'s size`)
      const data = slice('the data', i)
      if (data.length > size) throw new BatchError(`message record ${i} holds ${data.length} bytes of data but its size is ${size}`)
      const closeCode = flags & 0x20 ? (r.u8(`record ${i}'s close code`) << 8) | r.u8(`record ${i}'s close code`) : null
      const closeReason = flags & 0x40 ? r.text(`record ${i}'s close reason`) : null
      const sender: Sender = flags & 1 ? 'server' : 'client'
      records.push({
        type: 'message',
        captureId,
        t,
        sender,
        index,
        messageType,
        data,
        size,
        compressed: (flags & 2) !== 0,
        wireLength,
        frameCount,
        firstFrame,
        headerBytes,
        closeCode,
        closeReason,
      })
    } else if (kind === KIND_EVENT) {
      records.push(eventOf(r.text(`record ${i}'s JSON`), i))
    } else throw new BatchError(`record ${i} at byte ${r.at - 1} has unknown kind ${kind}`)
  }
  if (r.at !== r.bytes.length) throw new BatchError(`${r.bytes.length - r.at} bytes follow the last record`)
  return records
}

function eventOf(text: string, i: number): FeedEvent {
  let event: unknown
  try {
    event = JSON.parse(text)
  } catch (e) {
    throw new BatchError(`record ${i}'s JSON does not parse: ${(e as Error).message}`)
  }
  const type = (event as { type?: unknown } | null)?.type
  if (typeof type !== 'string' || type === 'frame' || type === 'message' || type === 'frames' || Array.isArray(event))
    throw new BatchError(`record ${i} is not an event object`)
  return event as FeedEvent
}
