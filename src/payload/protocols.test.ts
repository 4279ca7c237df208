import { describe, expect, it } from 'vitest'
import { Encoder as SocketIoEncoder, PacketType } from 'socket.io-parser'
import { encodePacket } from 'engine.io-parser'
import { generate as mqttGenerate } from 'mqtt-packet'
import { FrameImpl } from '@stomp/stompjs'
import { MessageType as GqlType, stringifyMessage } from 'graphql-ws'
import { JsonHubProtocol, MessageType as HubType, type CompletionMessage, type InvocationMessage } from '@microsoft/signalr'
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { encode as cborEncode } from 'cborg'
import { bytesOf, decodeAll, type TestMessage } from './testing/decode-all.ts'
import { CHAT_EVENT, CHAT_EVENT_DECODED } from './testing/socket-io-chat.ts'

/** Engine.IO packets as engine.io-parser writes them for a WebSocket (binary supported). */
function engineIo(type: 'open' | 'ping' | 'pong' | 'message' | 'close', data?: string | Uint8Array): TestMessage {
  let out: string | ArrayBuffer | Uint8Array = ''
  encodePacket({ type, data: data as string }, true, (encoded) => (out = encoded as string))
  return typeof out === 'string' ? out : bytesOf(out)
}

/** A Socket.IO packet as socket.io-parser + engine.io-parser put it on the wire. */
function socketIo(packet: Parameters<SocketIoEncoder['encode']>[0]): TestMessage[] {
  return new SocketIoEncoder().encode(packet).map((part) => engineIo('message', typeof part === 'string' ? part : bytesOf(part)))
}

describe('Engine.IO / Socket.IO (engine.io-parser, socket.io-parser)', () => {
  it('decodes the handshake, events with acks, acks, heartbeats and namespaces', () => {
    const client = [
      ...socketIo({ type: PacketType.CONNECT, nsp: '/' }),
      ...socketIo(CHAT_EVENT),
      engineIo('pong'),
      ...socketIo({ type: PacketType.EVENT, nsp: '/admin', data: ['kick', { who: 'bob' }] }),
    ]
    const r = decodeAll(client, 'client')
    expect(r[0]).toMatchObject({ decoder: 'socket.io', layers: ['engine.io', 'socket.io'], kind: 'control', value: { type: 'CONNECT', nsp: '/' } })
    expect(r[1]).toEqual(CHAT_EVENT_DECODED)
    expect(r[2]).toMatchObject({ decoder: 'engine.io', layers: ['engine.io'], kind: 'heartbeat' })
    expect(r[3]).toMatchObject({
      decoder: 'socket.io',
      value: { nsp: '/admin', data: ['kick', { who: 'bob' }] },
      summary: 'EVENT /admin "kick" [{"who":"bob"}]',
    })

    const server = [
      engineIo('open', JSON.stringify({ sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 })),
      engineIo('ping'),
      ...socketIo({ type: PacketType.ACK, nsp: '/', data: ['ok'], id: 12 }),
      ...socketIo({ type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'nope' } }),
    ]
    const s = decodeAll(server, 'server')
    expect(s.map((p) => [p.decoder, p.kind, p.correlation])).toEqual([
      ['engine.io', 'control', null],
      ['engine.io', 'heartbeat', null],
      ['socket.io', 'response', '12'],
      ['socket.io', 'error', null],
    ])
  })

  it('joins binary attachments (the following binary messages) to their packet', () => {
    const messages = socketIo({ type: PacketType.EVENT, nsp: '/', data: ['upload', Buffer.from([1, 2, 3]), { name: 'x' }], id: 4 })
    expect(messages).toHaveLength(2)
    const [head, attachment] = decodeAll(messages, 'client')
    expect(head).toMatchObject({ decoder: 'socket.io', kind: 'event', correlation: '4', value: { type: 'BINARY_EVENT', attachments: 1 } })
    expect(attachment).toMatchObject({ decoder: 'socket.io', layers: ['engine.io', 'socket.io'], correlation: '4' })
    expect(attachment.value).toMatchObject({ type: 'BINARY_EVENT', data: ['upload', { $binary: '010203' }, { name: 'x' }], attachment: 1 })
  })

  it('reports malformed packets with offsets and keeps going', () => {
    const r = decodeAll(['42["chat"', '49', '42["ok"]'], 'client', { payload: ['socket.io'] })
    expect(r[0].errors[0]).toMatchObject({ offset: 1 })
    expect(r[1].errors[0].message).toMatch(/not a Socket.IO packet type/)
    expect(r[2]).toMatchObject({ kind: 'event', errors: [] })
  })
})

describe('STOMP 1.0–1.2 (@stomp/stompjs marshalling)', () => {
  const frame = (command: string, headers: Record<string, string>, body = '') =>
    FrameImpl.marshall({ command, headers, body, escapeHeaderValues: true }) as string
  it('reads frames, receipts and heart-beats', () => {
    const client = [
      frame('CONNECT', { 'accept-version': '1.2,1.1,1.0', host: 'broker', 'heart-beat': '10000,10000' }),
      frame('SUBSCRIBE', { destination: '/topic/prices', id: 'sub-0' }),
      frame('SEND', { destination: '/queue/a', receipt: 'r-7', 'content-type': 'text/plain' }, 'hi: there'),
      '\n',
    ]
    const r = decodeAll(client, 'client', { subprotocol: 'v12.stomp' })
    expect(r.map((p) => [p.decoder, p.kind, p.summary, p.correlation])).toEqual([
      ['stomp', 'control', 'CONNECT broker v1.2,1.1,1.0', null],
      ['stomp', 'subscribe', 'SUBSCRIBE /topic/prices id=sub-0', null],
      ['stomp', 'event', 'SEND /queue/a "hi: there" receipt r-7', 'r-7'],
      ['stomp', 'heartbeat', 'heart-beat', null],
    ])
    expect(r[2].value).toMatchObject({ command: 'SEND', headers: { destination: '/queue/a', 'content-length': '9' }, body: 'hi: there' })
    const server = decodeAll(
      [frame('RECEIPT', { 'receipt-id': 'r-7' }), frame('MESSAGE', { destination: '/topic/prices', 'message-id': '1', subscription: 'sub-0' }, '{"p":1}')],
      'server',
    )
    expect(server.map((p) => [p.kind, p.correlation])).toEqual([
      ['response', 'r-7'],
      ['event', null],
    ])
  })
  it('a frame without its NUL is an error at the end', () => {
    const r = decodeAll(['SEND\ndestination:/a\n\nbody'], 'client', { payload: ['stomp'] })
    expect(r[0].errors).toEqual([{ message: 'the frame does not end with NUL', offset: 25 }])
  })
})

describe('MQTT 3.1.1 and 5 (mqtt-packet)', () => {
  const gen = (packet: object, protocolVersion = 4) => bytesOf(mqttGenerate(packet as never, { protocolVersion }))
  it('3.1.1: several packets in one message, identifiers, pings', () => {
    const connect = gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c1', clean: true, keepalive: 60 })
    const publish = gen({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hot'), qos: 1, messageId: 7, retain: false, dup: false })
    const both = Uint8Array.from([...gen({ cmd: 'subscribe', messageId: 8, subscriptions: [{ topic: 'x/#', qos: 0 }] }), ...gen({ cmd: 'pingreq' })])
    const r = decodeAll([connect, publish, both], 'client', { subprotocol: 'mqtt' })
    expect(r[0]).toMatchObject({ decoder: 'mqtt', kind: 'control', value: { cmd: 'connect', clientId: 'c1', protocolVersion: 4, keepalive: 60 } })
    expect(r[1]).toMatchObject({
      kind: 'event',
      summary: 'PUBLISH a/b qos 1 id 7 "hot"',
      correlation: '7',
      value: { topic: 'a/b', payload: 'hot', messageId: 7 },
    })
    expect(r[2].value).toEqual([{ cmd: 'subscribe', messageId: 8, subscriptions: [{ topic: 'x/#', qos: 0 }] }, { cmd: 'pingreq' }])
    expect(r[2].correlation).toBe('8')
    expect(decodeAll([gen({ cmd: 'pingresp' })], 'server')[0]).toMatchObject({ decoder: 'mqtt', kind: 'heartbeat' })
  })
  it('5.0: properties, reason codes, guessed without a subprotocol', () => {
    const connect = gen(
      { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c5', clean: true, keepalive: 30, properties: { sessionExpiryInterval: 60 } },
      5,
    )
    const publish = gen(
      { cmd: 'publish', topic: 't', payload: Buffer.from([0, 1]), qos: 2, messageId: 3, properties: { contentType: 'bin', userProperties: { k: 'v' } } },
      5,
    )
    const r = decodeAll([connect, publish], 'client')
    expect(r[0].value).toMatchObject({ protocolVersion: 5, properties: { sessionExpiryInterval: 60 } })
    expect(r[1]).toMatchObject({
      decoder: 'mqtt',
      correlation: '3',
      value: { qos: 2, payload: { $binary: '0001' }, properties: { contentType: 'bin', userProperties: { k: 'v' } } },
    })
  })
  it('a cut packet is an error at its offset', () => {
    const publish = gen({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hot'), qos: 0 })
    const r = decodeAll([publish.subarray(0, 5)], 'client', { payload: ['mqtt'] })
    expect(r[0].errors[0]).toMatchObject({ offset: 1 })
  })
})

describe('SignalR (@microsoft/signalr, @microsoft/signalr-protocol-msgpack)', () => {
  const invocation: InvocationMessage = { type: HubType.Invocation, invocationId: '1', target: 'Send', arguments: ['bob', 'hi'], headers: {} }
  const completion: CompletionMessage = { type: HubType.Completion, invocationId: '1', result: 42, headers: {} }
  it('JSON hub protocol: handshake, invocation, completion, ping', () => {
    const p = new JsonHubProtocol()
    const r = decodeAll(
      ['{"protocol":"json","version":1}\u001e', p.writeMessage(invocation) as string, p.writeMessage({ type: HubType.Ping }) as string],
      'client',
    )
    expect(r.map((x) => [x.decoder, x.kind, x.correlation])).toEqual([
      ['signalr-json', 'control', null],
      ['signalr-json', 'request', '1'],
      ['signalr-json', 'heartbeat', null],
    ])
    expect(r[1].summary).toBe('INVOCATION Send ["bob","hi"] id 1')
    const s = decodeAll(['{}\u001e', p.writeMessage(completion) as string], 'server', { payload: ['signalr-json'] })
    expect(s[1]).toMatchObject({ kind: 'response', correlation: '1', value: { type: 3, result: 42 } })
  })
  it('MessagePack hub protocol: length-prefixed arrays as their JSON form', () => {
    const p = new MessagePackHubProtocol()
    const both = Uint8Array.from([...bytesOf(p.writeMessage(invocation)), ...bytesOf(p.writeMessage({ type: HubType.Ping }))])
    const r = decodeAll(['{"protocol":"messagepack","version":1}\u001e', both, bytesOf(p.writeMessage(completion))], 'client')
    expect(r[0]).toMatchObject({ decoder: 'signalr-msgpack', kind: 'control' })
    expect(r[1]).toMatchObject({ decoder: 'signalr-msgpack', layers: ['signalr-msgpack'], kind: 'request', correlation: '1' })
    expect(r[1].value).toEqual([{ type: 1, invocationId: '1', target: 'Send', arguments: ['bob', 'hi'] }, { type: 6 }])
    expect(r[2].value).toEqual({ type: 3, invocationId: '1', result: 42 })
  })
})

describe('GraphQL over WebSocket (graphql-ws) and subscriptions-transport-ws', () => {
  it('graphql-ws: subscribe / next / complete linked by id, ping as heartbeat', () => {
    const client = [
      stringifyMessage({ type: GqlType.ConnectionInit }),
      stringifyMessage({ type: GqlType.Subscribe, id: 'a1', payload: { query: 'subscription OnPrice { price }' } }),
      stringifyMessage({ type: GqlType.Ping }),
    ]
    const r = decodeAll(client, 'client', { subprotocol: 'graphql-transport-ws' })
    expect(r.map((x) => [x.decoder, x.kind, x.summary, x.correlation])).toEqual([
      ['graphql-ws', 'control', 'CONNECTION_INIT', null],
      ['graphql-ws', 'subscribe', 'SUBSCRIBE a1 subscription OnPrice', 'a1'],
      ['graphql-ws', 'heartbeat', 'PING', null],
    ])
    const s = decodeAll(
      [stringifyMessage({ type: GqlType.Next, id: 'a1', payload: { data: { price: 1 } } }), stringifyMessage({ type: GqlType.Complete, id: 'a1' })],
      'server',
    )
    expect(s.map((x) => [x.decoder, x.kind, x.correlation])).toEqual([
      ['graphql-ws', 'response', 'a1'],
      ['graphql-ws', 'control', 'a1'],
    ])
  })
  it('subscriptions-transport-ws (subprotocol graphql-ws): start, data, ka', () => {
    const r = decodeAll(
      ['{"type":"connection_init","payload":{}}', '{"id":"1","type":"start","payload":{"query":"query Q { a }"}}', '{"type":"stop","id":"1"}'],
      'client',
    )
    expect(r.map((x) => [x.decoder, x.kind])).toEqual([
      ['graphql-ws', 'control'],
      ['subscriptions-transport-ws', 'request'],
      ['subscriptions-transport-ws', 'unsubscribe'],
    ])
    expect(decodeAll(['{"type":"ka"}'], 'server', { subprotocol: 'graphql-ws' })[0]).toMatchObject({ decoder: 'subscriptions-transport-ws', kind: 'heartbeat' })
  })
})

describe('JSON-RPC 2.0, WAMP, Action Cable, Phoenix, SockJS (built per their specs)', () => {
  it('JSON-RPC: calls, notifications, results, errors, batches', () => {
    const r = decodeAll(
      [
        '{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}',
        '{"jsonrpc":"2.0","method":"tick"}',
        '[{"jsonrpc":"2.0","method":"a","id":"x"},{"jsonrpc":"2.0","method":"b","id":"y"}]',
      ],
      'client',
    )
    expect(r.map((x) => [x.decoder, x.kind, x.correlation])).toEqual([
      ['json-rpc', 'request', '1'],
      ['json-rpc', 'event', null],
      ['json-rpc', 'request', 'x,y'],
    ])
    expect(r[0].summary).toBe('CALL add [1,2] id 1')
    const s = decodeAll(['{"jsonrpc":"2.0","result":3,"id":1}', '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2}'], 'server')
    expect(s.map((x) => [x.kind, x.correlation, x.summary])).toEqual([
      ['response', '1', 'RESULT 1 3'],
      ['error', '2', 'ERROR 2 -32601 Method not found'],
    ])
  })
  it('WAMP over JSON, MessagePack and CBOR', () => {
    const call = [48, 7, {}, 'com.myapp.add', [2, 3]]
    const json = decodeAll([JSON.stringify(call)], 'client', { subprotocol: 'wamp.2.json' })[0]
    expect(json).toMatchObject({ decoder: 'wamp', kind: 'request', correlation: '7', summary: 'CALL com.myapp.add [2,3] id 7' })
    expect(json.value).toEqual({ type: 'CALL', code: 48, request: 7, options: {}, procedure: 'com.myapp.add', args: [2, 3] })
    expect(decodeAll([msgpackEncode([50, 7, {}, [5]])], 'server', { subprotocol: 'wamp.2.msgpack' })[0]).toMatchObject({
      decoder: 'wamp',
      kind: 'response',
      correlation: '7',
    })
    expect(decodeAll([cborEncode([50, 7, {}, [5]])], 'server', { subprotocol: 'wamp.2.cbor' })[0]).toMatchObject({
      decoder: 'wamp',
      layers: ['wamp'],
      correlation: '7',
    })
    expect(decodeAll([JSON.stringify([1, 'realm1', { roles: {} }])], 'client')[0]).toMatchObject({ decoder: 'wamp', summary: 'HELLO realm1' })
  })
  it('Action Cable: subscribe, confirm, pings, broadcasts', () => {
    const id = JSON.stringify({ channel: 'ChatChannel', room: 1 })
    const r = decodeAll(
      [
        JSON.stringify({ type: 'welcome' }),
        JSON.stringify({ type: 'ping', message: 1700000000 }),
        JSON.stringify({ identifier: id, type: 'confirm_subscription' }),
        JSON.stringify({ identifier: id, message: { text: 'hi' } }),
      ],
      'server',
    )
    expect(r.map((x) => [x.decoder, x.kind, x.summary])).toEqual([
      ['actioncable', 'control', 'WELCOME'],
      ['actioncable', 'heartbeat', 'PING'],
      ['actioncable', 'response', 'CONFIRM_SUBSCRIPTION ChatChannel'],
      ['actioncable', 'event', 'MESSAGE ChatChannel {"text":"hi"}'],
    ])
    expect(decodeAll([JSON.stringify({ command: 'subscribe', identifier: id })], 'client', { subprotocol: 'actioncable-v1-json' })[0]).toMatchObject({
      kind: 'subscribe',
      correlation: id,
    })
  })
  it('Phoenix v1 and v2: join, reply, heartbeat', () => {
    const r = decodeAll(
      [
        '["1","1","room:lobby","phx_join",{}]',
        '[null,"2","phoenix","heartbeat",{}]',
        '{"topic":"room:lobby","event":"new_msg","payload":{"body":"hi"},"ref":"3"}',
      ],
      'client',
    )
    expect(r.map((x) => [x.decoder, x.kind, x.correlation])).toEqual([
      ['phoenix', 'subscribe', '1'],
      ['phoenix', 'heartbeat', '2'],
      ['phoenix', 'request', '3'],
    ])
    const s = decodeAll(['["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]'], 'server')[0]
    expect(s).toMatchObject({ kind: 'response', correlation: '1', summary: 'phx_reply room:lobby ok {} ref 1' })
  })
  it('SockJS: open, heartbeat, frames carrying STOMP', () => {
    const stompFrame = 'MESSAGE\ndestination:/topic/a\nsubscription:0\n\nhello\u0000'
    const r = decodeAll(['o', 'h', `a${JSON.stringify([stompFrame])}`, 'c[3000,"Go away!"]'], 'server')
    expect(r.map((x) => [x.decoder, x.layers, x.kind])).toEqual([
      ['sockjs', ['sockjs'], 'control'],
      ['sockjs', ['sockjs'], 'heartbeat'],
      ['stomp', ['sockjs', 'stomp'], 'event'],
      ['sockjs', ['sockjs'], 'control'],
    ])
    expect(decodeAll([JSON.stringify(['SUBSCRIBE\nid:0\ndestination:/topic/a\n\n\u0000'])], 'client')[0]).toMatchObject({ decoder: 'stomp', kind: 'subscribe' })
  })
})

describe('choosing', () => {
  it('plain text and unknown binary have no decoder', () => {
    expect(decodeAll(['hello there', Uint8Array.from([0xc1])], 'client')).toMatchObject([
      { decoder: null, layers: [], kind: 'data', value: 'hello there' },
      { decoder: null, layers: [], value: { $binary: 'c1' } },
    ])
  })
  it('--payload none turns decoding off; a forced list is applied as given', () => {
    expect(decodeAll(['{"a":1}'], 'client', { payload: 'none' })[0]).toMatchObject({ decoder: null, value: '{"a":1}' })
    expect(decodeAll(['{"a":1}'], 'client', { payload: ['text'] })[0]).toMatchObject({ decoder: 'text', value: '{"a":1}' })
  })
  it('a connection prefers the decoder that won before ("2" after Socket.IO is a ping)', () => {
    const r = decodeAll(['42["a"]', '2'], 'server')
    expect(r[1]).toMatchObject({ decoder: 'engine.io', kind: 'heartbeat' })
    expect(decodeAll(['2'], 'server')[0].decoder).toBe('engine.io')
  })
})
