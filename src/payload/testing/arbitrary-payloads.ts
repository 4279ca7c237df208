import fc from 'fast-check'
import { encode as encodeCbor } from 'cborg'
import { encode as encodeMsgpack } from '@msgpack/msgpack'
import { Deflate, deflate, gzip, Z_SYNC_FLUSH } from 'pako'
import { adversarialJsonText } from './adversarial-json.ts'
import type { TestMessage } from './decode-all.ts'

/**
 * Messages shaped like the application protocols' (and like nothing), for properties over
 * whole message sequences: most get past the sniffers' first checks, and sequences mix them
 * the way a confused or multiplexed connection would.
 */
const json = fc.jsonValue({ maxDepth: 2 })
const id = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.string({ maxLength: 4 }), fc.constant(null))
const name = fc.constantFrom('chat', 'tick', 'join', 'a', '')
const text = (value: fc.Arbitrary<unknown>) => value.map((v) => JSON.stringify(v))

const jsonRpc = fc.oneof(
  fc.record({ jsonrpc: fc.constant('2.0'), method: name, params: json, id }, { requiredKeys: ['jsonrpc', 'method'] }),
  fc.record({ jsonrpc: fc.constant('2.0'), result: json, id }),
  fc.record({ jsonrpc: fc.constant('2.0'), error: fc.record({ code: fc.integer(), message: fc.string() }), id }),
  fc.record({ method: name, params: json, id }),
  fc.record({ id, result: json }),
)
const graphqlTypes = ['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete', 'ka', 'start', 'data', 'stop', 'other']
const graphql = fc.record(
  {
    type: fc.constantFrom(...graphqlTypes),
    id: fc.string({ maxLength: 3 }),
    payload: fc.oneof(json, fc.record({ query: fc.constant('subscription S { a }') })),
  },
  { requiredKeys: ['type'] },
)
const actioncable = fc.oneof(
  fc.record({ type: fc.constantFrom('welcome', 'ping', 'confirm_subscription', 'disconnect'), message: json }, { requiredKeys: ['type'] }),
  fc.record({ command: fc.constantFrom('subscribe', 'message'), identifier: fc.constant('{"channel":"Chat"}'), data: fc.string() }),
  fc.record({ identifier: fc.string(), message: json }),
)
const phoenix = fc.oneof(
  fc.tuple(id, id, fc.constantFrom('room:1', 'phoenix'), fc.constantFrom('phx_join', 'phx_reply', 'heartbeat', 'new_msg'), json),
  fc.record({ topic: fc.string(), event: name, payload: json, ref: id }),
)
const wamp = fc.tuple(fc.constantFrom(1, 2, 8, 16, 32, 36, 48, 50, 70, 99), fc.integer({ min: 0, max: 9 }), fc.object({ maxDepth: 0 }), fc.constant('com.x'))
const signalr = fc
  .array(
    fc.oneof(
      fc.constantFrom({ protocol: 'json', version: 1 }, { protocol: 'messagepack', version: 1 }),
      fc.record(
        { type: fc.integer({ min: 1, max: 9 }), target: name, arguments: fc.array(json, { maxLength: 2 }), invocationId: fc.string({ maxLength: 2 }) },
        { requiredKeys: ['type'] },
      ),
      fc.constant({}),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((records) => records.map((r) => `${JSON.stringify(r)}\u001e`).join(''))
const engineIo = fc.oneof(
  fc.constantFrom('2', '3', '2probe', '3probe', '1', '6', '5', '40', '41', '4', '0{"sid":"x","upgrades":[]}', '44{"message":"no"}'),
  fc
    .tuple(fc.constantFrom('42', '43', '42/nsp,', '421', '451-', '461-["r",{"_placeholder":true,"num":0}]'), text(fc.array(json, { maxLength: 3 })))
    .map(([a, b]) => a + b),
)
const sockjs = fc.oneof(
  fc.constantFrom('o', 'h', 'c[3000,"Go away!"]'),
  fc.array(fc.string(), { minLength: 1, maxLength: 2 }).map((a) => `a${JSON.stringify(a)}`),
)
const stomp = fc.oneof(
  fc.constantFrom('\n', '\r\n', 'CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\u0000', 'RECEIPT\nreceipt-id:7\n\n\u0000'),
  fc
    .tuple(fc.constantFrom('SEND', 'MESSAGE', 'SUBSCRIBE', 'ERROR', 'NOPE'), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
    .map(([command, destination, body]) => `${command}\ndestination:/q/${destination}\n\n${body}\u0000`),
)
const protocolText: fc.Arbitrary<string> = fc.oneof(
  text(json),
  text(jsonRpc),
  text(fc.array(jsonRpc, { maxLength: 2 })),
  text(graphql),
  text(actioncable),
  text(phoenix),
  text(wamp),
  signalr,
  engineIo,
  sockjs,
  stomp,
  adversarialJsonText,
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '\ufeff{"a":1}', ' [1]', '4', 'null', 'true', '-1', 'o', 'h'),
)
const utf8 = (s: string) => new TextEncoder().encode(s)
const protocolBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  json.map((v) => encodeMsgpack(v)),
  json.map((v) => encodeCbor(v)),
  wamp.map((v) => encodeMsgpack(v)),
  fc.uint8Array({ maxLength: 40 }),
  protocolText.map(utf8),
  protocolText.map((t) => gzip(utf8(t))),
  protocolText.map((t) => deflate(utf8(t))),
  fc.constantFrom(new Uint8Array(), new Uint8Array([0x30, 0x02, 0x00, 0x00]), new Uint8Array([0xc0, 0x00]), new Uint8Array([0x05, 0x00, 0x00, 0x00, 0x00])),
)

/** One message: a string is a text message, bytes a binary one. */
export const protocolMessage: fc.Arbitrary<TestMessage> = fc.oneof(protocolText, protocolBytes)

/** Messages of one zlib stream, each ended by a sync flush (zlib-stream). */
const zlibStream = fc.array(protocolText, { minLength: 1, maxLength: 3 }).map((texts) => {
  const deflater = new Deflate()
  let chunks: Uint8Array[] = []
  deflater.onData = (chunk: Uint8Array) => chunks.push(chunk)
  return texts.map((t) => {
    chunks = []
    deflater.push(utf8(t), Z_SYNC_FLUSH)
    return Uint8Array.from(chunks.flatMap((c) => [...c]))
  })
})
/** A Socket.IO binary event and its attachments. */
const socketIoBinary = fc
  .array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 2 })
  .map((buffers): TestMessage[] => [`45${buffers.length}-["up",${buffers.map((_, num) => `{"_placeholder":true,"num":${num}}`).join(',')}]`, ...buffers])

/** A direction's messages in order: single messages mixed with runs that carry state between messages. */
export const protocolSequence: fc.Arbitrary<TestMessage[]> = fc
  .array(fc.oneof({ weight: 6, arbitrary: protocolMessage.map((m) => [m]) }, { weight: 1, arbitrary: zlibStream }, { weight: 1, arbitrary: socketIoBinary }), {
    maxLength: 12,
  })
  .map((runs) => runs.flat())
