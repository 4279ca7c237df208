/**
 * A batch of capture events on its way from the captures worker to the main thread, as columns:
 * typed arrays and one byte buffer, transferred, never cloned. Thousands of frames and messages
 * a second cloned as objects (each with its byte views) cost the page more in deserialising and
 * garbage collection than the log's own rendering; as columns the main thread receives a handful
 * of buffers and makes each event as it hands it on. Rare events (handshake, findings, frames
 * answers…) travel as they are.
 */
import { headerPayloadLength, type FeedRecord } from '../../shared/capture-batch.ts'
import { MESSAGE_TYPES } from '../store/message-store.ts'
import type { DecodedEvent, DecodedFrame, DecodedMessage, EventColumns } from './captures-protocol.ts'

const FRAME = 1
const MESSAGE = 2
const OTHER = 3
const ACTIONS: readonly DecodedFrame['action'][] = ['relayed', 'injected', 'dropped']

/** The worker's side: a decoded batch's records as columns, and the buffers to transfer. */
export function toColumns(records: (FeedRecord | DecodedEvent)[]): { columns: EventColumns; transfer: ArrayBuffer[] } {
  const n = records.length
  let byteCount = 0
  for (const r of records) {
    if (r.type === 'frame') byteCount += r.header.length + r.payload.length
    else if (r.type === 'message') byteCount += r.data.length
  }
  const c: EventColumns = {
    count: n,
    kind: new Uint8Array(n),
    capture: new Uint32Array(n),
    ids: [],
    t: new Float64Array(n),
    bits: new Uint8Array(n),
    index: new Float64Array(n),
    offset: new Float64Array(n),
    frameCount: new Float64Array(n),
    wireLength: new Float64Array(n),
    headerBytes: new Float64Array(n),
    size: new Float64Array(n),
    closeCode: new Int32Array(n),
    start: new Uint32Array(n),
    headerLength: new Uint8Array(n),
    length: new Uint32Array(n),
    bytes: new Uint8Array(byteCount),
    reasons: [],
    others: [],
  }
  const refs = new Map<string, number>()
  const ref = (id: string) => {
    let k = refs.get(id)
    if (k === undefined) refs.set(id, (k = c.ids.push(id) - 1))
    return k
  }
  let at = 0
  records.forEach((r, k) => {
    if (r.type === 'frame') {
      c.kind[k] = FRAME
      c.capture[k] = ref(r.captureId)
      c.t[k] = r.t
      c.bits[k] = (r.sender === 'server' ? 1 : 0) | (ACTIONS.indexOf(r.action) << 1) | (r.index === null ? 0 : 8)
      c.index[k] = r.index ?? 0
      c.offset[k] = r.offset
      c.start[k] = at
      c.headerLength[k] = r.header.length
      c.length[k] = r.payload.length
      c.bytes.set(r.header, at)
      c.bytes.set(r.payload, at + r.header.length)
      at += r.header.length + r.payload.length
    } else if (r.type === 'message') {
      c.kind[k] = MESSAGE
      c.capture[k] = ref(r.captureId)
      c.t[k] = r.t
      c.bits[k] = (r.sender === 'server' ? 1 : 0) | (r.compressed ? 2 : 0) | (MESSAGE_TYPES.indexOf(r.messageType) << 2)
      c.index[k] = r.index
      c.offset[k] = r.firstFrame
      c.frameCount[k] = r.frameCount
      c.wireLength[k] = r.wireLength
      c.headerBytes[k] = r.headerBytes
      c.size[k] = r.size
      c.closeCode[k] = r.closeCode ?? -1
      if (r.closeReason !== null) c.reasons.push([k, r.closeReason])
      c.start[k] = at
      c.length[k] = r.data.length
      c.bytes.set(r.data, at)
      at += r.data.length
    } else {
      c.kind[k] = OTHER
      c.others.push(r.type === 'frames' ? { ...r, frames: r.frames.map((f) => ({ ...f, payloadLength: headerPayloadLength(f.header) })) } : r)
    }
  })
  const transfer = [
    c.kind,
    c.capture,
    c.t,
    c.bits,
    c.index,
    c.offset,
    c.frameCount,
    c.wireLength,
    c.headerBytes,
    c.size,
    c.closeCode,
    c.start,
    c.headerLength,
    c.length,
    c.bytes,
  ]
  return { columns: c, transfer: transfer.map((a) => a.buffer as ArrayBuffer) }
}

/** The main thread's side: the events, made in one pass (frames with their full payload length). */
export function fromColumns(c: EventColumns): DecodedEvent[] {
  const events: DecodedEvent[] = new Array(c.count)
  const reasons = new Map(c.reasons)
  let other = 0
  for (let k = 0; k < c.count; k++) {
    const kind = c.kind[k]
    if (kind === OTHER) {
      events[k] = c.others[other++]
      continue
    }
    const start = c.start[k]
    const bits = c.bits[k]
    if (kind === FRAME) {
      const header = c.bytes.subarray(start, start + c.headerLength[k])
      const frame: DecodedFrame = {
        type: 'frame',
        captureId: c.ids[c.capture[k]],
        t: c.t[k],
        sender: bits & 1 ? 'server' : 'client',
        index: bits & 8 ? c.index[k] : null,
        action: ACTIONS[(bits >> 1) & 3],
        offset: c.offset[k],
        header,
        payload: c.bytes.subarray(start + header.length, start + header.length + c.length[k]),
        payloadLength: headerPayloadLength(header),
      }
      events[k] = frame
    } else {
      const closeCode = c.closeCode[k]
      const message: DecodedMessage = {
        type: 'message',
        captureId: c.ids[c.capture[k]],
        t: c.t[k],
        sender: bits & 1 ? 'server' : 'client',
        index: c.index[k],
        messageType: MESSAGE_TYPES[(bits >> 2) & 7],
        data: c.bytes.subarray(start, start + c.length[k]),
        size: c.size[k],
        compressed: (bits & 2) !== 0,
        wireLength: c.wireLength[k],
        frameCount: c.frameCount[k],
        firstFrame: c.offset[k],
        headerBytes: c.headerBytes[k],
        closeCode: closeCode < 0 ? null : closeCode,
        closeReason: reasons.get(k) ?? null,
      }
      events[k] = message
    }
  }
  return events
}
