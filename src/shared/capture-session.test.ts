import { describe, expect, it } from 'vitest'
import { checkHandshake, encodeBase64, parseHandshake, utf8Decode, utf8Encode } from '../protocol/index.ts'
import { bytesFromJson, bytesToJson, tapUrl, type CaptureEvent, type CaptureFrame } from './capture-api.ts'
import { captureToSession } from './capture-session.ts'

const id = 'cap-1'

function frame(sender: 'client' | 'server', index: number, byte0: number, payload: string, action: CaptureFrame['action'] = 'relayed'): CaptureFrame {
  const data = utf8Encode(payload)
  return {
    type: 'frame', captureId: id, t: 10 + index, sender, index: action === 'injected' ? null : index, action,
    offset: index * 10, headerLength: 2, fin: (byte0 & 0x80) !== 0, rsv1: false, rsv2: false, rsv3: false,
    opcode: byte0 & 0x0f, masked: false, maskingKey: null, payloadLength: data.length, truncated: false,
    header: encodeBase64(new Uint8Array([byte0, data.length])), payload: bytesToJson(data, 1024),
  }
}

describe('captureToSession', () => {
  const handshake = checkHandshake(parseHandshake('GET /chat HTTP/1.1\r\nHost: x\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n'))
  const events: CaptureEvent[] = [
    { type: 'capture-started', captureId: id, t: 1, mode: 'proxy', target: 'wss://example.test/chat', client: '127.0.0.1:5000' },
    { type: 'handshake', captureId: id, t: 2, report: handshake, requestText: '', responseText: '', deflate: null },
    // A fragmented text message from the server with a ping between its fragments.
    frame('server', 0, 0x01, 'Hel'),
    frame('server', 1, 0x89, 'p'),
    { type: 'message', captureId: id, t: 11, sender: 'server', index: 0, messageType: 'ping', data: bytesToJson(utf8Encode('p'), 99), compressed: false, wireLength: 1, frameCount: 1, firstFrame: 1, closeCode: null, closeReason: null },
    frame('server', 2, 0x80, 'lo'),
    { type: 'message', captureId: id, t: 12, sender: 'server', index: 1, messageType: 'text', data: bytesToJson(utf8Encode('Hello'), 99), compressed: false, wireLength: 5, frameCount: 2, firstFrame: 0, closeCode: null, closeReason: null },
    frame('client', 0, 0x8a, 'p', 'injected'),
    { type: 'pong', captureId: id, t: 13, from: 'server', payload: bytesToJson(utf8Encode('x'), 9), rttMs: 1.25 },
    { type: 'capture-started', captureId: 'other', t: 1, mode: 'tap', target: 'ws://other', client: '' },
    { type: 'capture-ended', captureId: id, t: 20, reason: 'client closed', stats: null },
  ]
  const session = captureToSession(id, events)

  it('fills the session info from the start and the handshake', () => {
    expect(session.info).toMatchObject({ id, source: 'proxy', url: 'wss://example.test/chat', framesReal: true, extensions: 'permessage-deflate' })
    expect(session.info.endpoints).toEqual({ client: '127.0.0.1:5000', server: 'example.test:443' })
    expect(session.info.handshake?.response?.status).toBe(101)
  })

  it('links each frame to its message, control frames between fragments included', () => {
    expect(session.messages.map((m) => [m.type, utf8Decode(m.data)])).toEqual([['ping', 'p'], ['text', 'Hello']])
    expect(session.frames.map((f) => [f.sender, f.messageIndex, f.injected])).toEqual([
      ['server', 1, false],
      ['server', 0, false],
      ['server', 1, false],
      ['client', null, true],
    ])
  })

  it('records the timeline, ignoring other captures', () => {
    expect(session.events.map((e) => e.kind)).toEqual(['connecting', 'open', 'note', 'closed'])
    expect(session.events.at(-1)).toMatchObject({ closeCode: 1006, wasClean: false })
  })
})

describe('capture API helpers', () => {
  it('caps payloads and says so', () => {
    const json = bytesToJson(new Uint8Array([1, 2, 3, 4, 5]), 3)
    expect(json).toEqual({ base64: 'AQID', length: 5, truncated: true })
    expect([...bytesFromJson(json)]).toEqual([1, 2, 3])
  })

  it('builds tap URLs from the app origin', () => {
    expect(tapUrl('http://127.0.0.1:8080', { target: 'wss://x.test/a?b=1', capture: 'c1' })).toBe(
      'ws://127.0.0.1:8080/tap?target=wss%3A%2F%2Fx.test%2Fa%3Fb%3D1&capture=c1',
    )
  })
})
