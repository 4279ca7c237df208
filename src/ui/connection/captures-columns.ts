/**
 * A batch of capture events on its way from the captures worker to the main thread, as columns:
 * typed arrays and one byte buffer, transferred, never cloned. Thousands of frames and messages
 * a second as objects (each with its byte views), cloned and then held in the ingest queue until
 * the flush, cost the page more in deserialising and garbage collection than the log's own
 * rendering; as columns the main thread receives a handful of buffers, hands each capture its
 * run of them, and the tap recorder stores the messages straight from the columns. Rare events
 * (handshake, findings, frames answers…) travel as they are.
 */
import { FRAME_ACTIONS, headerPayloadLength, type FeedRecord } from '../../shared/capture-batch.ts'
import { MESSAGE_TYPES } from '../store/message-store.ts'
import type { DecodedEvent, DecodedFrame, DecodedMessage, EventColumns, OtherEvent } from './captures-protocol.ts'

/** What a record of the columns is (`EventColumns.kind`). */
export const FRAME = 1
export const MESSAGE = 2
export const OTHER = 3

/** Records [from, to) of a batch, all about one capture (or a notice for every subscriber). */
export interface EventRun {
  columns: EventColumns
  from: number
  to: number
  /** Where the run's first other event is in `columns.others` (the run's others follow it). */
  firstOther: number
}

/** Events as one run (the feed's own notices, tests). */
export function runOf(events: (FeedRecord | DecodedEvent)[]): EventRun {
  return { columns: toColumns(events).columns, from: 0, to: events.length, firstOther: 0 }
}

/**
 * Splits a batch into runs: consecutive records of one capture go together, a notice about no
 * capture (`dropped`) is a run of its own (id null), and what `consumed` takes (answers to
 * commands) belongs to no run — the run around it goes on after it.
 */
export function forEachRun(c: EventColumns, consumed: (event: OtherEvent) => boolean, deliver: (id: string | null, run: EventRun) => void): void {
  let runId: string | null = null
  let from = 0
  let firstOther = 0
  let other = 0
  const end = (to: number) => {
    if (runId !== null && to > from) deliver(runId, { columns: c, from, to, firstOther })
  }
  for (let k = 0; k < c.count; k++) {
    let id: string | null
    if (c.kind[k] === OTHER) {
      const event = c.others[other++]
      if (consumed(event)) {
        end(k)
        from = k + 1
        firstOther = other
        continue
      }
      id = 'captureId' in event ? event.captureId : null
      if (id === null) {
        end(k)
        deliver(null, { columns: c, from: k, to: k + 1, firstOther: other - 1 })
        runId = null
        from = k + 1
        firstOther = other
        continue
      }
    } else id = c.ids[c.capture[k]]
    if (id !== runId) {
      end(k)
      runId = id
      from = k
      firstOther = c.kind[k] === OTHER ? other - 1 : other
    }
  }
  end(c.count)
}

/** The run's other events (handshake, findings, rules, capture started or ended…), in order. */
export function othersOf(run: EventRun): OtherEvent[] {
  let count = 0
  for (let k = run.from; k < run.to; k++) if (run.columns.kind[k] === OTHER) count++
  return run.columns.others.slice(run.firstOther, run.firstOther + count)
}

/** Whether the run holds a message. */
export function hasMessage(run: EventRun): boolean {
  for (let k = run.from; k < run.to; k++) if (run.columns.kind[k] === MESSAGE) return true
  return false
}

/** The sender of record k (a frame or a message). */
export function senderAt(c: EventColumns, k: number): 'client' | 'server' {
  return c.bits[k] & 1 ? 'server' : 'client'
}

/** The type of message record k. */
export function messageTypeAt(c: EventColumns, k: number): DecodedMessage['messageType'] {
  return MESSAGE_TYPES[(c.bits[k] >> 2) & 7]
}

/** A text message's bit: some byte is ≥ 0x80 (found here, in the worker, not by the store on the main thread). */
const NON_ASCII = 32

/** Whether text message record k has a byte ≥ 0x80 (matching it as text needs UTF-8 decoding). */
export function nonAsciiAt(c: EventColumns, k: number): boolean {
  return (c.bits[k] & NON_ASCII) !== 0
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false
  return true
}

/** Whether message record k was compressed on the wire. */
export function compressedAt(c: EventColumns, k: number): boolean {
  return (c.bits[k] & 2) !== 0
}

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
      c.bits[k] = (r.sender === 'server' ? 1 : 0) | (FRAME_ACTIONS.indexOf(r.action) << 1) | (r.index === null ? 0 : 8)
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
      c.bits[k] =
        (r.sender === 'server' ? 1 : 0) |
        (r.compressed ? 2 : 0) |
        (MESSAGE_TYPES.indexOf(r.messageType) << 2) |
        (r.messageType === 'text' && !isAscii(r.data) ? NON_ASCII : 0)
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

/** Frame record k as an event (frames are rare in the feed: the tap's own, and dropped Pongs'). */
export function frameAt(c: EventColumns, k: number): DecodedFrame {
  const start = c.start[k]
  const header = c.bytes.subarray(start, start + c.headerLength[k])
  const bits = c.bits[k]
  return {
    type: 'frame',
    captureId: c.ids[c.capture[k]],
    t: c.t[k],
    sender: senderAt(c, k),
    index: bits & 8 ? c.index[k] : null,
    action: FRAME_ACTIONS[(bits >> 1) & 3],
    offset: c.offset[k],
    header,
    payload: c.bytes.subarray(start + header.length, start + header.length + c.length[k]),
    payloadLength: headerPayloadLength(header),
  }
}

/** The inverse of toColumns: every event as an object (tests; the app reads the columns). */
export function fromColumns(c: EventColumns): DecodedEvent[] {
  const events: DecodedEvent[] = new Array(c.count)
  const reasons = new Map(c.reasons)
  let other = 0
  for (let k = 0; k < c.count; k++) {
    const kind = c.kind[k]
    if (kind === OTHER) events[k] = c.others[other++]
    else if (kind === FRAME) events[k] = frameAt(c, k)
    else {
      const start = c.start[k]
      const closeCode = c.closeCode[k]
      events[k] = {
        type: 'message',
        captureId: c.ids[c.capture[k]],
        t: c.t[k],
        sender: senderAt(c, k),
        index: c.index[k],
        messageType: messageTypeAt(c, k),
        data: c.bytes.subarray(start, start + c.length[k]),
        size: c.size[k],
        compressed: compressedAt(c, k),
        wireLength: c.wireLength[k],
        frameCount: c.frameCount[k],
        firstFrame: c.offset[k],
        headerBytes: c.headerBytes[k],
        closeCode: closeCode < 0 ? null : closeCode,
        closeReason: reasons.get(k) ?? null,
      }
    }
  }
  return events
}
