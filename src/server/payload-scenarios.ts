/**
 * One `/scenario/NAME` per application protocol the payload decoders read, so each can be tried
 * without an outside server. The messages are what each protocol's own library writes: the
 * binary encodings are encoded here with the same libraries the decoders use; the others are
 * fixed strings and bytes taken from socket.io-parser, mqtt-packet, @microsoft/signalr … (the
 * tests check them against those libraries, which are development dependencies only).
 */
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { encode as cborEncode } from 'cborg'
import { serialize as bsonSerialize } from 'bson'
import protobufjs from 'protobufjs'
import { Deflate, gzip, Z_SYNC_FLUSH } from 'pako'
import { MessageEncoder, utf8Decode, utf8Encode } from '../protocol/index.ts'
import type { Scenario } from './scenario.ts'

type Message = string | Uint8Array

const hex = (h: string) => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16))

/** The .proto of the protobuf scenario: give it in the Decoded tab to see field names. */
export const DEMO_PROTO = `syntax = "proto3";
package demo;
message Price {
  string symbol = 1;
  int64 cents = 2;
  repeated string tags = 3;
}`

function protocolScenario(name: string, description: string, messages: () => Message[], answer?: Scenario['answer']): Scenario {
  const list = messages()
  return {
    name,
    description,
    extensions: null,
    violation: null,
    messages: list.map((m) =>
      typeof m === 'string'
        ? { type: 'text', length: utf8Encode(m).length, compressed: false, text: m }
        : { type: 'binary', length: m.length, compressed: false },
    ),
    frames: () => {
      const encoder = new MessageEncoder({ sender: 'server' })
      return list.map((m) => (typeof m === 'string' ? encoder.text(m) : encoder.binary(m)))
    },
    answer,
  }
}

/** A Socket.IO client's event with an ack id gets its ACK: `42<id>[…]` → `43<id>["ok"]`. */
const socketIoAck: Scenario['answer'] = (message) => {
  if (message.type !== 'text') return []
  const m = /^42(\d+)\[/.exec(utf8Decode(message.data))
  return m ? [new MessageEncoder({ sender: 'server' }).text(`43${m[1]}["ok"]`)] : []
}

function zlibStreamMessages(): Uint8Array[] {
  const deflate = new Deflate()
  const out: Uint8Array[] = []
  let chunks: Uint8Array[] = []
  deflate.onData = (c: Uint8Array) => chunks.push(c)
  for (const payload of [
    { op: 10, d: { heartbeat_interval: 41250 } },
    { op: 0, s: 1, t: 'READY', d: { v: 10, user: { username: 'ada' } } },
    { op: 11 },
    { op: 0, s: 2, t: 'MESSAGE_CREATE', d: { content: 'hello' } },
  ]) {
    chunks = []
    deflate.push(utf8Encode(JSON.stringify(payload)), Z_SYNC_FLUSH)
    out.push(Uint8Array.from(chunks.flatMap((c) => [...c])))
  }
  return out
}

function protobufMessages(): Uint8Array[] {
  const Price = protobufjs.parse(DEMO_PROTO).root.lookupType('demo.Price')
  return [
    Price.encode(Price.fromObject({ symbol: 'ACME', cents: 12345, tags: ['nyse', 'tech'] })).finish(),
    Price.encode(Price.fromObject({ symbol: 'INIT', cents: 990 })).finish(),
  ]
}

const doc = { type: 'price', symbol: 'ACME', cents: 12345, tags: ['nyse', 'tech'], raw: Uint8Array.of(0xde, 0xad) }

export const PAYLOAD_SCENARIOS: Scenario[] = [
  protocolScenario(
    'socket-io',
    'Socket.IO v5 over Engine.IO v4 (socket.io-parser and engine.io-parser output): the open packet, CONNECT, events, an event asking for an ack, a binary event with its attachment, and pings. Emit an event with an ack id (e.g. 421["chat","hi"]) and the server acknowledges it (431["ok"]).',
    () => [
      '0{"sid":"Xk3v9","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
      '40{"sid":"Xk3v9"}',
      '42["news",{"hello":"world"}]',
      '2',
      '421["question","ready?"]',
      '451-["file",{"_placeholder":true,"num":0}]',
      hex('deadbeef'),
      '2',
    ],
    socketIoAck,
  ),
  protocolScenario('stomp', 'STOMP 1.2 frames (as @stomp/stompjs marshals them): CONNECTED, a MESSAGE, a heart-beat, a RECEIPT and an ERROR.', () => [
    'CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\u0000',
    'MESSAGE\ndestination:/topic/prices\nmessage-id:1\nsubscription:sub-0\ncontent-length:14\n\n{"ACME":123.4}\u0000',
    '\n',
    'RECEIPT\nreceipt-id:r-7\n\n\u0000',
    'ERROR\nmessage:no such destination\n\n\u0000',
  ]),
  protocolScenario('mqtt', 'MQTT 3.1.1 control packets (mqtt-packet output): CONNACK, SUBACK, PUBLISH at QoS 0 and 1, and PINGRESP.', () => [
    hex('20020000'),
    hex('9003000101'),
    hex('301a001473656e736f72732f6b69746368656e2f74656d7032312e35'),
    hex('321c000b616c657274732f646f6f7200077b226f70656e223a747275657d'),
    hex('d000'),
  ]),
  protocolScenario(
    'signalr-json',
    'SignalR JSON hub protocol (@microsoft/signalr output): the handshake answer, an invocation, a completion and a ping.',
    () => [
      '{}\u001e',
      '{"type":1,"target":"ReceiveMessage","arguments":["ada","hello"],"headers":{}}\u001e',
      '{"type":3,"invocationId":"1","result":42,"headers":{}}\u001e',
      '{"type":6}\u001e',
    ],
  ),
  protocolScenario(
    'signalr-msgpack',
    'SignalR MessagePack hub protocol (@microsoft/signalr-protocol-msgpack output): the JSON handshake answer, then length-prefixed MessagePack invocation and ping.',
    () => ['{}\u001e', hex('1e950180c0ae526563656976654d65737361676592a3616461a568656c6c6f'), hex('029106')],
  ),
  protocolScenario('graphql-ws', 'GraphQL over WebSocket (graphql-ws messages): connection_ack, next results for subscription 1, a ping and complete.', () => [
    '{"type":"connection_ack"}',
    '{"id":"1","type":"next","payload":{"data":{"price":{"symbol":"ACME","cents":12345}}}}',
    '{"type":"ping"}',
    '{"id":"1","type":"complete"}',
  ]),
  protocolScenario(
    'subscriptions-transport-ws',
    'The legacy subscriptions-transport-ws protocol: connection_ack, keep-alives and data for operation 1.',
    () => ['{"type":"connection_ack"}', '{"type":"ka"}', '{"id":"1","type":"data","payload":{"data":{"price":1}}}', '{"id":"1","type":"complete"}'],
  ),
  protocolScenario('json-rpc', 'JSON-RPC 2.0: a notification, a result, an error and a batch.', () => [
    '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker","price":101.5}}',
    '{"jsonrpc":"2.0","result":["ticker"],"id":1}',
    '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2}',
    '[{"jsonrpc":"2.0","result":3,"id":3},{"jsonrpc":"2.0","result":4,"id":4}]',
  ]),
  protocolScenario('wamp', 'WAMP v2 over JSON: WELCOME, SUBSCRIBED, an EVENT and a RESULT; then the same RESULT in MessagePack and CBOR.', () => [
    '[2,9129137332,{"roles":{"broker":{},"dealer":{}}}]',
    '[33,713845233,5512315355]',
    '[36,5512315355,4429313566,{},["hello"]]',
    '[50,7814135,{},[30]]',
    msgpackEncode([50, 7814136, {}, [31]]),
    cborEncode([50, 7814137, {}, [32]]),
  ]),
  protocolScenario('actioncable', 'Rails Action Cable: welcome, pings, a subscription confirmed and a broadcast.', () => [
    '{"type":"welcome"}',
    '{"type":"ping","message":1700000000}',
    '{"identifier":"{\\"channel\\":\\"ChatChannel\\",\\"room\\":\\"lobby\\"}","type":"confirm_subscription"}',
    '{"identifier":"{\\"channel\\":\\"ChatChannel\\",\\"room\\":\\"lobby\\"}","message":{"text":"hi","user":"ada"}}',
    '{"type":"ping","message":1700000003}',
  ]),
  protocolScenario('phoenix', 'Phoenix channels: a v2 join reply, a broadcast and a heartbeat reply; then a v1 message.', () => [
    '["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]',
    '[null,null,"room:lobby","new_msg",{"body":"hello"}]',
    '[null,"2","phoenix","phx_reply",{"status":"ok","response":{}}]',
    '{"topic":"room:lobby","event":"new_msg","payload":{"body":"v1"},"ref":null}',
  ]),
  protocolScenario('sockjs', 'SockJS framing: open, a heartbeat, and an array frame carrying a STOMP MESSAGE.', () => [
    'o',
    'h',
    `a${JSON.stringify(['MESSAGE\ndestination:/topic/a\nsubscription:0\nmessage-id:1\n\nhello\u0000'])}`,
    'h',
  ]),
  protocolScenario('msgpack', 'MessagePack documents (@msgpack/msgpack): maps, arrays, bytes shown as hex, and a timestamp extension.', () => [
    msgpackEncode(doc),
    msgpackEncode({ type: 'trade', at: new Date(Date.UTC(2026, 0, 1)), qty: 2n ** 60n }, { useBigInt64: true }),
  ]),
  protocolScenario('cbor', 'CBOR documents (cborg).', () => [cborEncode(doc), cborEncode([1, 'two', { three: 3 }])]),
  protocolScenario('bson', 'BSON documents (bson).', () => [new Uint8Array(bsonSerialize({ type: 'price', symbol: 'ACME', cents: 12345 }))]),
  protocolScenario(
    'protobuf',
    `Protocol Buffers (protobufjs) of demo.Price. Without a schema the fields show by number; give this .proto in the Decoded tab to see names:\n${DEMO_PROTO}`,
    protobufMessages,
  ),
  protocolScenario(
    'zlib-stream',
    'Discord-style zlib-stream: one zlib stream across the messages, each ending with a sync flush (00 00 ff ff), JSON inside.',
    zlibStreamMessages,
  ),
  protocolScenario('gzip-json', 'JSON compressed with gzip at the application level (not permessage-deflate).', () => [
    gzip(utf8Encode(JSON.stringify({ op: 'snapshot', rows: Array.from({ length: 20 }, (_, i) => ({ i, v: i * i })) }))),
  ]),
]
