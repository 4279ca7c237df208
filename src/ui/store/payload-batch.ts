/**
 * Payload decoding off the main thread. A connection's messages go, in store order, to its
 * payload worker (`DecodeRequest`: bytes copied once into one transferable buffer); the worker
 * decodes them with the connection's one PayloadSession — so the remembered choice of decoder
 * and stateful layers (zlib streams, Socket.IO attachments) see every message in order — and
 * answers with what the log shows (`PayloadBatch`: decoder, kind, the summary as UTF-8,
 * correlation ids and errors), which the main thread appends to a PayloadColumn. A render then
 * only reads a column; it never decodes.
 */
import { loadProtoSchema, payloadRegistry, type PayloadSession, type PayloadKind, type PayloadMode } from '../../payload/index.ts'
import { MESSAGE_TYPES, type MessageStore } from './message-store.ts'
import { AUTO_PAYLOAD, sessionFor } from './payload-log.ts'
import { encodeTextInto, roomFor } from './text-bytes.ts'

/** How a connection's payloads are decoded: what PayloadSession is made with (a .proto as its source, loaded in the worker). */
export interface PayloadSetup {
  mode: PayloadMode
  proto: { source: string; type: string | null } | null
  subprotocol: string | null
}

/** Main thread → payload worker. A new generation (a new choice, a cleared log) starts over from message 0. */
export type DecodeRequest =
  | { type: 'setup'; generation: number; setup: PayloadSetup }
  | {
      type: 'messages'
      generation: number
      /** Store index of the first message. */
      from: number
      count: number
      /** MESSAGE_TYPES codes. */
      types: Uint8Array
      /** 1: the server sent it. */
      servers: Uint8Array
      /** Where each message's stored bytes end in `bytes`. */
      ends: Uint32Array
      bytes: Uint8Array
    }

/** Payload worker → main thread: messages [from, from + count) decoded. */
export interface PayloadBatch {
  generation: number
  from: number
  count: number
  /** payloadRegistry.ids index of the innermost decoder, NO_DECODER when none read it. */
  decoders: Uint8Array
  /** PAYLOAD_KINDS index. */
  kinds: Uint8Array
  /** The summaries as UTF-8, one after the other; `summaryEnds[k]` is where message k's ends. */
  summaryEnds: Uint32Array
  summaries: Uint8Array
  /**
   * Non-zero: message k's summary is the start of its own payload, `n >>> 1` bytes, then "…" when
   * `n & 1` (compact JSON and plain text read so): nothing is stored for it in `summaries`.
   */
  summaryPrefix: Uint32Array
  /** [offset in the batch, correlation id], for the messages that have one. */
  correlations: [number, string][]
  /** [offset in the batch, first error], for the messages a decoder complained about. */
  errors: [number, string][]
}

export const PAYLOAD_KINDS: readonly PayloadKind[] = ['data', 'event', 'request', 'response', 'error', 'subscribe', 'unsubscribe', 'heartbeat', 'control']
export const NO_DECODER = 255
/** Codes by id and by kind, looked up once per message in the worker. */
const DECODER_CODES = new Map(payloadRegistry.ids.map((id, code) => [id, code]))
const KIND_CODES = new Map(PAYLOAD_KINDS.map((kind, code) => [kind, code]))
const ELLIPSIS = '…'
/** What the Summary column can show of a summary (decoders clip theirs to about 100 characters). */
const SUMMARY_CHARS = 200

/**
 * Messages [from, to) of `store` as a request, cut short at `maxBytes` of payload (at least one
 * message). Consecutive payloads sit side by side in a slab: each run is copied in one go.
 */
export function messagesRequest(store: MessageStore, generation: number, from: number, to: number, maxBytes: number): DecodeRequest & { type: 'messages' } {
  let bytes = 0
  let end = from
  while (end < to && (end === from || bytes + store.storedOf(end) <= maxBytes)) bytes += store.storedOf(end++)
  const count = end - from
  const request = {
    type: 'messages' as const,
    generation,
    from,
    count,
    types: new Uint8Array(count),
    servers: new Uint8Array(count),
    ends: new Uint32Array(count),
    bytes: new Uint8Array(bytes),
  }
  let at = 0
  for (let k = 0; k < count; k++) {
    at += store.storedOf(from + k)
    request.ends[k] = at
    request.types[k] = store.typeCode(from + k)
    request.servers[k] = store.sender(from + k) === 'server' ? 1 : 0
  }
  at = 0
  for (let i = from; i < end;) {
    const slab = store.slabOf(i)
    const start = store.offsetOf(i)
    let length = 0
    while (i < end && store.slabOf(i) === slab && store.offsetOf(i) === start + length) length += store.storedOf(i++)
    request.bytes.set(store.slabs.bytes(slab, start, length), at)
    at += length
  }
  return request
}

/** The worker's side: one PayloadSession per generation, messages decoded in the order they come. */
export class BatchDecoder {
  private session = sessionFor(AUTO_PAYLOAD, null)

  /** A setup answers nothing; messages answer their batch. */
  handle(request: DecodeRequest): PayloadBatch | null {
    if (request.type === 'setup') {
      this.session = setupSession(request.setup)
      return null
    }
    return this.decode(request)
  }

  private decode(request: DecodeRequest & { type: 'messages' }): PayloadBatch {
    const { count } = request
    const decoders = new Uint8Array(count)
    const kinds = new Uint8Array(count)
    const summaryEnds = new Uint32Array(count)
    const summaryPrefix = new Uint32Array(count)
    const correlations: [number, string][] = []
    const errors: [number, string][] = []
    let summaries = new Uint8Array(count * 64)
    let used = 0
    let start = 0
    for (let k = 0; k < count; k++) {
      const data = request.bytes.subarray(start, request.ends[k])
      start = request.ends[k]
      const r = this.session.decodeMessage(MESSAGE_TYPES[request.types[k]], data, request.servers[k] ? 'server' : 'client')
      decoders[k] = r.decoder === null ? NO_DECODER : (DECODER_CODES.get(r.decoder) ?? NO_DECODER)
      kinds[k] = KIND_CODES.get(r.kind) ?? 0
      if (r.correlation !== null) correlations.push([k, r.correlation])
      if (r.errors.length) errors.push([k, r.errors[0].message])
      const summary = r.summary.length > SUMMARY_CHARS ? r.summary.slice(0, SUMMARY_CHARS) : r.summary
      const room = roomFor(summary, Infinity)
      if (used + room > summaries.length) {
        const grown = new Uint8Array(Math.max(summaries.length * 2, used + room))
        grown.set(summaries.subarray(0, used))
        summaries = grown
      }
      const ellipsis = summary.endsWith(ELLIPSIS)
      const written = encodeTextInto(ellipsis ? summary.slice(0, -1) : summary, summaries, used, Infinity).written
      if (written > 0 && startsWith(data, summaries, used, written)) summaryPrefix[k] = (written << 1) | (ellipsis ? 1 : 0)
      else used += written + (ellipsis ? encodeTextInto(ELLIPSIS, summaries, used + written, Infinity).written : 0)
      summaryEnds[k] = used
    }
    return {
      generation: request.generation,
      from: request.from,
      count,
      decoders,
      kinds,
      summaryEnds,
      summaries: summaries.slice(0, used),
      summaryPrefix,
      correlations,
      errors,
    }
  }
}

/** Whether `data` starts with the `length` bytes of `bytes` at `at`. */
function startsWith(data: Uint8Array, bytes: Uint8Array, at: number, length: number): boolean {
  if (data.length < length) return false
  for (let j = 0; j < length; j++) if (data[j] !== bytes[at + j]) return false
  return true
}

/** The worker's session: the .proto is loaded here from its source (a schema does not cross threads). */
function setupSession({ mode, proto, subprotocol }: PayloadSetup): PayloadSession {
  const loaded = proto ? loadProtoSchema(proto.source, proto.type) : null
  return sessionFor({ mode, proto: loaded?.ok ? loaded.value : null }, subprotocol)
}

/** The buffers of a request, for postMessage's transfer list. */
export function requestTransfer(request: DecodeRequest): ArrayBuffer[] {
  return request.type === 'setup' ? [] : ([request.types.buffer, request.servers.buffer, request.ends.buffer, request.bytes.buffer] as ArrayBuffer[])
}

/** The buffers of a batch, for postMessage's transfer list. */
export function payloadBatchTransfer(batch: PayloadBatch): ArrayBuffer[] {
  return [batch.decoders.buffer, batch.kinds.buffer, batch.summaryEnds.buffer, batch.summaries.buffer, batch.summaryPrefix.buffer] as ArrayBuffer[]
}
