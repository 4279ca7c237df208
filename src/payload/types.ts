/**
 * The payload-decoder contract: what a decoder is told about a message and what it answers.
 * Shaped like Wireshark's dissector tables (a subprotocol picks a decoder) plus heuristic
 * sniffers (each decoder says how sure it is), and mitmproxy's contentviews (one file per view).
 */
import type { Sender } from '../protocol/index.ts'
import type { PayloadInput } from './payload-input.ts'
import type { ProtoSchema } from './proto-schema.ts'
import type { JsonValue } from './json-value.ts'

export type { JsonValue }

export type PayloadKind = 'data' | 'event' | 'request' | 'response' | 'error' | 'subscribe' | 'unsubscribe' | 'heartbeat' | 'control'

export interface PayloadError {
  message: string
  /** Offset into the bytes the reporting layer read. */
  offset: number
}

export interface PayloadOptions {
  /** A user's .proto message type for the `protobuf` decoder. */
  proto?: ProtoSchema | null
  /** Largest output of a decompression layer, in bytes. */
  maxInflate?: number
}

export interface DecodeContext {
  direction: Sender
  /** The negotiated Sec-WebSocket-Protocol, if any (WAMP picks its serialization from it). */
  subprotocol: string | null
  /** Lives as long as this connection and direction: one slot per decoder id. */
  state: Map<string, unknown>
  /** Shared by both directions of the connection (e.g. the MQTT protocol level seen in CONNECT). */
  connection: Map<string, unknown>
  options: PayloadOptions
  /** Decodes a message tunnelled inside this one (SockJS frames carrying STOMP) by sniffing. */
  inner(input: PayloadInput, prefer?: readonly string[]): PayloadResult
}

/** What one layer read. */
export interface LayerResult {
  value: JsonValue
  kind: PayloadKind
  summary: string
  correlation?: string | null
  errors?: PayloadError[]
  /** Inner layers this decoder applied itself (SockJS → STOMP). */
  layers?: string[]
  /** Bytes for the next layer: decompressed data, an Engine.IO message's content. */
  next?: { input: PayloadInput; prefer?: readonly string[] }
}

export interface PayloadDecoder {
  id: string
  /** Sec-WebSocket-Protocol values that select this decoder. */
  subprotocols?: readonly string[]
  /** The outer decoder this one is always carried by (Socket.IO rides on Engine.IO). */
  carrier?: string
  /**
   * Its decode never hands on an inner layer and keeps no state, so when only the decoder that
   * reads a message is wanted (`--stats` counts), decode need not run.
   */
  innermost?: boolean
  /**
   * Whether sniff can answer above 0 for a message whose first byte is `first` (-1: empty),
   * whatever the rest and the state: a message is offered only to the decoders it may start
   * for. Absent: every message.
   */
  starts?: (first: number, isText: boolean) => boolean
  /**
   * For text that is exactly one JSON object: top-level keys one of which it must have for sniff
   * to answer above 0 (empty: it never does). When every `{` sniffer but the plain JSON reader
   * says so, an object with none of the keys is named by a scan of its bytes, without parsing.
   */
  objectKeys?: readonly string[]
  /** 0 = not this; 1 = certainly this. Never throws. */
  sniff(input: PayloadInput, ctx: DecodeContext): number
  decode(input: PayloadInput, ctx: DecodeContext): LayerResult
}

/** A message's decoding, exactly the `payload` object of `wsinspect decode --json`. */
export interface PayloadResult {
  decoder: string | null
  layers: string[]
  kind: PayloadKind
  summary: string
  correlation: string | null
  value: JsonValue
  errors: PayloadError[]
}
