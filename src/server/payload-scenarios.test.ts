import { describe, expect, it } from 'vitest'
import { Encoder as SocketIoEncoder, PacketType } from 'socket.io-parser'
import { generate as mqttGenerate } from 'mqtt-packet'
import { JsonHubProtocol } from '@microsoft/signalr'
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack'
import { FrameImpl } from '@stomp/stompjs'
import { stringifyMessage, MessageType } from 'graphql-ws'
import { PayloadSession } from '../payload/index.ts'
import { MessageEncoder, StreamDecoder, utf8Decode } from '../protocol/index.ts'
import { PAYLOAD_SCENARIOS } from './payload-scenarios.ts'
import { decodeFrom, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'
import { afterEach } from 'vitest'

afterEach(runCleanups)

const texts = (name: string) => PAYLOAD_SCENARIOS.find((s) => s.name === name)!.messages.map((m) => m.text)
const framesOf = (name: string) => {
  const decoder = new StreamDecoder({ from: 'server', deflate: null, maxPayload: 1 << 20 })
  for (const f of PAYLOAD_SCENARIOS.find((s) => s.name === name)!.frames()) decoder.receiveData(f)
  return decoder.eventsReceived().flatMap((e) => (e.kind === 'message' ? [e] : []))
}
const hexOf = (name: string) =>
  framesOf(name)
    .filter((m) => m.type === 'binary')
    .map((m) => Buffer.from(m.data).toString('hex'))

describe("payload scenarios hold what the protocols' own libraries write", () => {
  it('socket-io: socket.io-parser packets behind the Engine.IO message digit', () => {
    const e = new SocketIoEncoder()
    const t = texts('socket-io')
    expect(t).toContain(`4${e.encode({ type: PacketType.EVENT, nsp: '/', data: ['news', { hello: 'world' }] })[0]}`)
    expect(t).toContain(`4${e.encode({ type: PacketType.EVENT, nsp: '/', data: ['question', 'ready?'], id: 1 })[0]}`)
    const binary = e.encode({ type: PacketType.EVENT, nsp: '/', data: ['file', Buffer.from('deadbeef', 'hex')] })
    expect(t).toContain(`4${binary[0]}`)
    expect(hexOf('socket-io')).toEqual([Buffer.from(binary[1] as Buffer).toString('hex')])
  })
  it('mqtt: mqtt-packet bytes', () => {
    const g = (p: object) => mqttGenerate(p as never).toString('hex')
    expect(hexOf('mqtt')).toEqual([
      g({ cmd: 'connack', returnCode: 0, sessionPresent: false }),
      g({ cmd: 'suback', messageId: 1, granted: [1] }),
      g({ cmd: 'publish', topic: 'sensors/kitchen/temp', payload: Buffer.from('21.5'), qos: 0, retain: false, dup: false }),
      g({ cmd: 'publish', topic: 'alerts/door', payload: Buffer.from('{"open":true}'), qos: 1, messageId: 7, retain: false, dup: false }),
      g({ cmd: 'pingresp' }),
    ])
  })
  it('signalr: @microsoft/signalr JSON and MessagePack hub protocols', () => {
    const j = new JsonHubProtocol()
    expect(texts('signalr-json')).toEqual([
      '{}\u001e',
      j.writeMessage({ type: 1, target: 'ReceiveMessage', arguments: ['ada', 'hello'], headers: {} }),
      j.writeMessage({ type: 3, invocationId: '1', result: 42, headers: {} }),
      j.writeMessage({ type: 6 }),
    ])
    const m = new MessagePackHubProtocol()
    expect(hexOf('signalr-msgpack')).toEqual([
      Buffer.from(m.writeMessage({ type: 1, target: 'ReceiveMessage', arguments: ['ada', 'hello'], headers: {} })).toString('hex'),
      Buffer.from(m.writeMessage({ type: 6 })).toString('hex'),
    ])
  })
  it("stomp and graphql-ws: the libraries' serialisations", () => {
    expect(texts('stomp')[3]).toBe(
      FrameImpl.marshall({ command: 'RECEIPT', headers: { 'receipt-id': 'r-7' }, escapeHeaderValues: true, skipContentLengthHeader: true }),
    )
    expect(texts('graphql-ws')[0]).toBe(stringifyMessage({ type: MessageType.ConnectionAck }))
    expect(JSON.parse(texts('graphql-ws')[3]!)).toEqual(JSON.parse(stringifyMessage({ id: '1', type: MessageType.Complete })))
  })

  it.each(PAYLOAD_SCENARIOS.map((s) => [s.name, s] as const))('%s: every message decodes with no error', (name) => {
    const session = new PayloadSession()
    const results = framesOf(name).map((m) => session.decodeMessage(m.type, m.data, 'server'))
    for (const r of results) {
      expect(r.errors).toEqual([])
      expect(r.decoder).not.toBeNull()
    }
  })

  it('socket-io answers an event with an ack id', async () => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, '/scenario/socket-io')
    raw.socket.write(new MessageEncoder({ sender: 'client' }).text('425["chat","hi"]'))
    const decoded = await decodeFrom(raw.socket, raw.rest, 'server', null, (d) => d.messages.length >= 9)
    expect(utf8Decode(decoded.messages[8].data)).toBe('435["ok"]')
  })
})
