/**
 * Payload decoding throughput per decoder: wsinspect's decoding (sniffing included, as the log
 * does it) against the protocol's own library parsing the same messages in the same run.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import { encode as msgpackEncode, decode as msgpackDecode } from '@msgpack/msgpack'
import { encode as cborEncode, decode as cborDecode } from 'cborg'
import { serialize as bsonSerialize, deserialize as bsonDeserialize } from 'bson'
import protobufjs from 'protobufjs'
import { Decoder as SocketIoDecoder, Encoder as SocketIoEncoder, PacketType } from 'socket.io-parser'
import { generate as mqttGenerate, parser as mqttParser } from 'mqtt-packet'
import { PayloadSession, type PayloadMode } from '../src/payload/index.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const utf8 = new TextEncoder()
const SECONDS = Number(process.env.BENCH_PAYLOAD_SECONDS ?? 0.5)
/** With --quick (all sections under a minute): shorter measurements, noisier figures. */
const QUICK_SECONDS = 0.2

interface Case {
  decoder: string
  messages: { data: Uint8Array; text: boolean }[]
  /** The library's own parse of one message: the peer. */
  peer: { name: string; parse: (m: { data: Uint8Array; text: boolean }) => unknown } | null
  proto?: ReturnType<typeof protoType>
}

const doc = (i: number) => ({ id: i, user: `user-${i % 50}`, text: 'hello world '.repeat(3), tags: ['a', 'b'], at: 1700000000000 + i })
const textMessages = (make: (i: number) => string) => Array.from({ length: 500 }, (_, i) => ({ data: utf8.encode(make(i)), text: true }))
const binaryMessages = (make: (i: number) => Uint8Array) => Array.from({ length: 500 }, (_, i) => ({ data: make(i), text: false }))
const jsonPeer = { name: 'JSON.parse', parse: (m: { data: Uint8Array }) => JSON.parse(new TextDecoder().decode(m.data)) }

function protoType() {
  const root = protobufjs.parse(
    'syntax = "proto3"; message Doc { int64 id = 1; string user = 2; string text = 3; repeated string tags = 4; int64 at = 5; }',
  ).root
  return root.lookupType('Doc')
}

function cases(): Case[] {
  const Doc = protoType()
  const sio = new SocketIoEncoder()
  return [
    { decoder: 'json', messages: textMessages((i) => JSON.stringify(doc(i))), peer: jsonPeer },
    {
      decoder: 'socket.io',
      messages: textMessages((i) => `4${sio.encode({ type: PacketType.EVENT, nsp: '/', data: ['chat', doc(i)], id: i })[0]}`),
      peer: {
        name: 'socket.io-parser',
        parse: (m) => {
          const d = new SocketIoDecoder()
          let out: unknown
          d.on('decoded', (p: unknown) => (out = p))
          d.add(new TextDecoder().decode(m.data).slice(1))
          return out
        },
      },
    },
    {
      decoder: 'stomp',
      messages: textMessages((i) => `MESSAGE\ndestination:/topic/prices\nmessage-id:${i}\nsubscription:0\n\n${JSON.stringify(doc(i))}\u0000`),
      peer: null,
    },
    { decoder: 'json-rpc', messages: textMessages((i) => JSON.stringify({ jsonrpc: '2.0', method: 'update', params: doc(i), id: i })), peer: jsonPeer },
    { decoder: 'graphql-ws', messages: textMessages((i) => JSON.stringify({ type: 'next', id: String(i), payload: { data: doc(i) } })), peer: jsonPeer },
    { decoder: 'msgpack', messages: binaryMessages((i) => msgpackEncode(doc(i))), peer: { name: '@msgpack/msgpack', parse: (m) => msgpackDecode(m.data) } },
    { decoder: 'cbor', messages: binaryMessages((i) => cborEncode(doc(i))), peer: { name: 'cborg', parse: (m) => cborDecode(m.data) } },
    { decoder: 'bson', messages: binaryMessages((i) => new Uint8Array(bsonSerialize(doc(i)))), peer: { name: 'bson', parse: (m) => bsonDeserialize(m.data) } },
    {
      decoder: 'protobuf',
      messages: binaryMessages((i) => Doc.encode(Doc.fromObject(doc(i))).finish()),
      peer: { name: 'protobufjs', parse: (m) => Doc.decode(m.data) },
      proto: Doc,
    },
    {
      decoder: 'mqtt',
      messages: binaryMessages(
        (i) =>
          new Uint8Array(
            mqttGenerate({
              cmd: 'publish',
              topic: 'a/b',
              payload: Buffer.from(JSON.stringify(doc(i))),
              qos: 1,
              messageId: (i % 65535) + 1,
              dup: false,
              retain: false,
            }),
          ),
      ),
      peer: {
        name: 'mqtt-packet',
        parse: (m) => {
          const p = mqttParser()
          let out: unknown
          p.on('packet', (x: unknown) => (out = x))
          p.parse(Buffer.from(m.data))
          return out
        },
      },
    },
    {
      decoder: 'gzip',
      messages: binaryMessages((i) => new Uint8Array(gzipSync(JSON.stringify(doc(i))))),
      peer: { name: 'node:zlib gunzip', parse: (m) => gunzipSync(m.data) },
    },
  ]
}

/** Messages per second over at least `seconds` of repeated passes. */
function rate(run: () => void, count: number, seconds: number): number {
  run() // warm-up
  let passes = 0
  const start = performance.now()
  while (performance.now() - start < seconds * 1000) {
    run()
    passes++
  }
  return (passes * count) / ((performance.now() - start) / 1000)
}

export interface PayloadRow {
  decoder: string
  avgBytes: number
  autoPerSecond: number
  namedPerSecond: number
  peer: string
  peerPerSecond: number | null
  decodedAs: string
}

export function measurePayloadThroughput(seconds = SECONDS): PayloadRow[] {
  return cases().map((c) => {
    const session = (payload: PayloadMode) =>
      new PayloadSession({ payload, options: { proto: c.proto ? { typeName: 'Doc', decode: (b) => c.proto!.toObject(c.proto!.decode(b)) } : null } })
    const decodeWith = (payload: PayloadMode) => () => {
      const s = session(payload)
      for (const m of c.messages) s.decode(m.data, m.text, 'server')
    }
    const check = session('auto').decode(c.messages[0].data, c.messages[0].text, 'server')
    return {
      decoder: c.decoder,
      avgBytes: c.messages.reduce((n, m) => n + m.data.length, 0) / c.messages.length,
      autoPerSecond: rate(decodeWith('auto'), c.messages.length, seconds),
      namedPerSecond: rate(decodeWith([c.decoder]), c.messages.length, seconds),
      peer: c.peer?.name ?? '—',
      peerPerSecond: c.peer ? rate(() => c.messages.forEach(c.peer!.parse), c.messages.length, seconds) : null,
      decodedAs: check.layers.join(' › ') || 'none',
    }
  })
}

export const payloadSection: BenchSection = {
  name: 'payload',
  title:
    'payload decoding: messages per second per decoder, auto (sniffing, as the log does) and named, against the protocol library parsing the same messages',
  expected: { full: 'about 20 s', quick: 'about 8 s' },
  async run({ quick, log }) {
    const table = new LiveTable(
      ['decoder', 'avg B', 'auto msg/s', 'named msg/s', 'peer', 'peer msg/s', 'named/peer', 'auto decodes as'],
      [16, 5, 10, 11, 14, 10, 10, 16],
      log,
    )
    for (const r of measurePayloadThroughput(quick ? QUICK_SECONDS : SECONDS)) {
      table.row([
        r.decoder,
        r.avgBytes.toFixed(0),
        r.autoPerSecond.toFixed(0),
        r.namedPerSecond.toFixed(0),
        r.peer,
        r.peerPerSecond === null ? '—' : r.peerPerSecond.toFixed(0),
        r.peerPerSecond === null ? '—' : (r.namedPerSecond / r.peerPerSecond).toFixed(2),
        r.decodedAs,
      ])
    }
    log('\nnamed/peer = wsinspect (decode, summary, kind, JSON value) / the library parse alone')
  },
}
