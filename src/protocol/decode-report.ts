import type { Sender } from './sender.ts'
import { StreamDecoder, DEFAULT_MAX_PAYLOAD, type StreamDecoderOptions } from './stream-decoder.ts'
import type { DecoderEvent, MessageRecord, MessageType } from './decoder-events.ts'
import type { FrameRecord } from './frame-parser.ts'
import type { FrameHeader } from './frame.ts'
import type { Finding } from './findings.ts'
import { negotiatedDeflate, type DeflateParams } from './permessage-deflate-params.ts'
import { maskingKeyHex, toHex, utf8Decode } from './bytes.ts'

/**
 * Decoding a whole capture of one direction, and its machine-readable form exactly as the
 * `wsinspect decode --json` contract (shared/spec/decode-cli.md) lays it out. The CLI, the
 * decoder page and the tests share this one implementation.
 */
export interface CaptureOptions {
  from: Sender
  /** The negotiated Sec-WebSocket-Extensions response value, if any. */
  extensions?: string | null
  /** Largest message after decompression; 0 = none. */
  maxPayload?: number
  keepFramePayloads?: boolean
  /** Bytes pushed at a time (to exercise or bound the incremental path). */
  chunkSize?: number
  /** Called before each chunk with the bytes decoded so far, for progress bars on large captures. */
  onProgress?: (decoded: number, total: number) => void
}

export interface DecodedCapture {
  frames: FrameRecord[]
  messages: MessageRecord[]
  /** Every finding, warnings included, in order. */
  findings: Finding[]
  error: Finding | null
  truncated: boolean
  missingBytes: number
  /** Bytes the decoder consumed before it stopped. */
  consumed: number
  deflate: DeflateParams | null
}

/** Resolves `--extensions`: the deflate parameters, or a one-line reason why the value is unusable. */
export function deflateFromExtensions(value: string | null | undefined): { params: DeflateParams | null; problem: string | null } {
  const { params, findings } = negotiatedDeflate(value)
  const errors = findings.filter((f) => f.severity === 'error')
  if (errors.length) return { params: null, problem: errors.map((f) => f.message).join('; ') }
  return { params, problem: null }
}

/** `sink`: takes events as they happen instead of the decoder's queue (StreamDecoderOptions). */
export function createCaptureDecoder(options: CaptureOptions, deflate: DeflateParams | null, sink?: StreamDecoderOptions['sink']): StreamDecoder {
  return new StreamDecoder({
    from: options.from,
    deflate,
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    keepFramePayloads: options.keepFramePayloads,
    sink,
  })
}

/** Decodes a whole capture (bytes after the handshake, starting at a frame boundary). */
export function decodeCapture(
  bytes: Uint8Array,
  options: CaptureOptions,
  deflate: DeflateParams | null = deflateFromExtensions(options.extensions).params,
): DecodedCapture {
  const decoder = createCaptureDecoder(options, deflate)
  const result: DecodedCapture = {
    frames: [],
    messages: [],
    findings: [],
    error: null,
    truncated: false,
    missingBytes: 0,
    consumed: 0,
    deflate,
  }
  const chunk = options.chunkSize && options.chunkSize > 0 ? options.chunkSize : bytes.length || 1
  for (let p = 0; p < bytes.length && !decoder.stopped; p += chunk) {
    options.onProgress?.(p, bytes.length)
    decoder.receiveData(bytes.subarray(p, p + chunk))
    collect(decoder.eventsReceived(), result)
  }
  decoder.receiveEof()
  collect(decoder.eventsReceived(), result)
  result.error = decoder.error
  result.truncated = decoder.truncated
  result.missingBytes = decoder.missingBytes
  result.consumed = decoder.offset
  return result
}

function collect(events: DecoderEvent[], into: DecodedCapture): void {
  for (const e of events) {
    if (e.kind === 'frame') into.frames.push(e)
    else if (e.kind === 'message') into.messages.push(e)
    else into.findings.push(e.finding)
  }
}

/** A frame in the contract's JSON: the header fields, the masking key as hex, and its place. */
export type FrameJson = Omit<FrameHeader, 'maskingKey' | 'lengthBits'> & {
  offset: number
  headerLength: number
  maskingKey: string | null
  truncated: boolean
}

export interface MessageJson {
  type: string
  dataHex: string
  text?: string
  compressed: boolean
  wireLength: number
  frameCount: number
  closeCode: number | null
  closeReason: string | null
  offset: number
  length: number
}

export interface ErrorJson {
  closeCode: number
  message: string
  offset: number
  code: string
  rfc: string
}

export interface CaptureJson {
  frames: FrameJson[]
  messages: MessageJson[]
  error: ErrorJson | null
  truncated: boolean
  missingBytes: number
  warnings: { code: string; message: string; offset: number; rfc: string }[]
}

/** A frame's fields as `--json` lists them, from a parsed frame or a header decoded on its own. */
export function frameJson(f: FrameHeader & Pick<FrameRecord, 'offset' | 'headerLength' | 'truncated'>): FrameJson {
  return {
    offset: f.offset,
    headerLength: f.headerLength,
    fin: f.fin,
    rsv1: f.rsv1,
    rsv2: f.rsv2,
    rsv3: f.rsv3,
    opcode: f.opcode,
    masked: f.masked,
    maskingKey: maskingKeyHex(f.maskingKey),
    payloadLength: f.payloadLength,
    truncated: f.truncated,
  }
}

function messageJson(m: MessageRecord): MessageJson {
  const text = m.type === 'text' ? utf8Decode(m.data) : m.type === 'close' && m.closeReason !== null ? m.closeReason : undefined
  return {
    type: m.type,
    dataHex: toHex(m.data),
    ...(text === undefined ? {} : { text }),
    compressed: m.compressed,
    wireLength: m.wireLength,
    frameCount: m.frameCount,
    closeCode: m.closeCode,
    closeReason: m.closeReason,
    offset: m.offset,
    length: m.data.length,
  }
}

function errorJson(error: Finding | null): ErrorJson | null {
  if (!error) return null
  return { closeCode: error.closeCode ?? 1002, message: error.message, offset: error.offset, code: error.code, rfc: error.rfc }
}

export function captureJson(capture: DecodedCapture): CaptureJson {
  return {
    frames: capture.frames.map(frameJson),
    messages: capture.messages.map(messageJson),
    error: errorJson(capture.error),
    truncated: capture.truncated,
    missingBytes: capture.missingBytes,
    warnings: capture.findings.filter((f) => f.severity !== 'error').map((f) => ({ code: f.code, message: f.message, offset: f.offset, rfc: f.rfc })),
  }
}

export interface CaptureStats {
  frames: number
  messages: number
  wireBytes: number
  payloadBytes: number
  error: ErrorJson | null
  truncated: boolean
  byType: Record<string, number>
  compressedMessages: number
  /** Wire and inflated bytes of the compressed messages (their ratio is the compression gain). */
  compressedWireBytes: number
  compressedPayloadBytes: number
  warnings: number
}

/** Counts a capture without keeping its frames and messages, for captures of any size. */
export class CaptureStatsCollector {
  private readonly stats: CaptureStats = {
    frames: 0,
    messages: 0,
    wireBytes: 0,
    payloadBytes: 0,
    error: null,
    truncated: false,
    byType: {},
    compressedMessages: 0,
    compressedWireBytes: 0,
    compressedPayloadBytes: 0,
    warnings: 0,
  }

  add(events: DecoderEvent[]): void {
    for (const e of events) this.count(e)
  }

  count(e: DecoderEvent): void {
    const s = this.stats
    if (e.kind === 'frame') s.frames++
    else if (e.kind === 'message') this.countMessage(e.type, e.data.length, e.compressed, e.wireLength)
    else if (e.finding.severity !== 'error') s.warnings++
  }

  countMessage(type: MessageType, length: number, compressed: boolean, wireLength: number): void {
    const s = this.stats
    s.messages++
    s.payloadBytes += length
    s.byType[type] = (s.byType[type] ?? 0) + 1
    if (compressed) {
      s.compressedMessages++
      s.compressedWireBytes += wireLength
      s.compressedPayloadBytes += length
    }
  }

  finish(decoder: StreamDecoder): CaptureStats {
    this.stats.error = errorJson(decoder.error)
    this.stats.truncated = decoder.truncated
    this.stats.wireBytes = decoder.offset
    return this.stats
  }
}
