import { actioncable } from './decoders/actioncable.ts'
import { bson } from './decoders/bson.ts'
import { cbor } from './decoders/cbor.ts'
import { deflateRaw } from './decoders/deflate-raw.ts'
import { engineIo } from './decoders/engine-io.ts'
import { graphqlWs } from './decoders/graphql-ws.ts'
import { gzip } from './decoders/gzip.ts'
import { json } from './decoders/json.ts'
import { jsonRpc } from './decoders/json-rpc.ts'
import { mqtt } from './decoders/mqtt.ts'
import { msgpack } from './decoders/msgpack.ts'
import { phoenix } from './decoders/phoenix.ts'
import { protobuf } from './decoders/protobuf.ts'
import { signalrJson } from './decoders/signalr-json.ts'
import { signalrMsgpack } from './decoders/signalr-msgpack.ts'
import { socketIo } from './decoders/socket-io.ts'
import { sockjs } from './decoders/sockjs.ts'
import { stomp } from './decoders/stomp.ts'
import { subscriptionsTransportWs } from './decoders/subscriptions-transport-ws.ts'
import { text } from './decoders/text.ts'
import { wamp } from './decoders/wamp.ts'
import { zlib } from './decoders/zlib.ts'
import { zlibStream } from './decoders/zlib-stream.ts'
import { zstd } from './decoders/zstd.ts'
import { JsonKeySet } from './json-object-scan.ts'
import type { PayloadInput } from './payload-input.ts'
import type { PayloadDecoder } from './types.ts'

/**
 * Every payload decoder. Adding one = its file + one line here. On equal confidence the earlier
 * one wins, so the specific protocols come before the generic encodings they are written in.
 */
const DECODERS: PayloadDecoder[] = [
  engineIo,
  socketIo,
  sockjs,
  stomp,
  mqtt,
  signalrMsgpack,
  signalrJson,
  graphqlWs,
  subscriptionsTransportWs,
  jsonRpc,
  wamp,
  actioncable,
  phoenix,
  zlibStream,
  gzip,
  zlib,
  zstd,
  deflateRaw,
  bson,
  msgpack,
  cbor,
  protobuf,
  json,
  text,
]

export class PayloadRegistry {
  private readonly byId = new Map<string, PayloadDecoder>()
  private readonly bySubprotocol = new Map<string, PayloadDecoder>()
  /** The sniffers each kind of start is offered to, by text or binary and first byte (256: empty); made on first use. */
  private readonly sniffersByStart: (readonly PayloadDecoder[] | undefined)[] = []
  private plainObjectMemo: PlainObjectReader | null | undefined

  constructor(readonly all: readonly PayloadDecoder[]) {
    for (const d of all) {
      if (this.byId.has(d.id)) throw new Error(`two payload decoders are called "${d.id}"`)
      this.byId.set(d.id, d)
      for (const s of d.subprotocols ?? []) this.bySubprotocol.set(s.toLowerCase(), d)
    }
  }

  get ids(): string[] {
    return this.all.map((d) => d.id)
  }

  get(id: string | undefined): PayloadDecoder | undefined {
    return id === undefined ? undefined : this.byId.get(id)
  }

  forSubprotocol(name: string): PayloadDecoder | undefined {
    return this.bySubprotocol.get(name.trim().toLowerCase())
  }

  /**
   * The decoders that may sniff `input` above 0, in order: those its first byte passes the
   * `starts` gate of. Carriers are left out (they are only ever preferred by their carrier).
   */
  sniffers(input: Pick<PayloadInput, 'bytes' | 'isText'>): readonly PayloadDecoder[] {
    const first = input.bytes.length ? input.bytes[0] : -1
    const key = (input.isText ? 257 : 0) + (first < 0 ? 256 : first)
    return (this.sniffersByStart[key] ??= this.all.filter((d) => !d.carrier && (d.starts?.(first, input.isText) ?? true)))
  }

  /**
   * Who reads text that is one JSON object with none of the `{` sniffers' `objectKeys`: the one
   * `{` sniffer that declares none (plain JSON), as no other can answer above 0. Null when not
   * exactly one declares none (then every sniffer is asked).
   */
  get plainObject(): PlainObjectReader | null {
    if (this.plainObjectMemo === undefined) {
      const sniffers = this.sniffers({ bytes: OPEN_BRACE, isText: true })
      const readers = sniffers.filter((d) => !d.objectKeys)
      this.plainObjectMemo = readers.length === 1 ? { reader: readers[0], keys: new JsonKeySet(sniffers.flatMap((d) => d.objectKeys ?? [])) } : null
    }
    return this.plainObjectMemo
  }

  /** A forced layer list with each decoder's carrier put in front of it (socket.io → engine.io, socket.io). */
  expand(ids: readonly string[]): string[] {
    const out: string[] = []
    for (const id of ids) {
      const carrier = this.get(id)?.carrier
      if (carrier && out[out.length - 1] !== carrier) out.push(carrier)
      out.push(id)
    }
    return out
  }

  /** The ids in `ids` that are not decoders. */
  unknown(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.byId.has(id))
  }
}

const OPEN_BRACE = new Uint8Array([0x7b])

export interface PlainObjectReader {
  reader: PayloadDecoder
  /** Every key some other `{` sniffer needs. */
  keys: JsonKeySet
}

export const payloadRegistry = new PayloadRegistry(DECODERS)
