import { describe, expect, it } from 'vitest'
import { deflateMemory, explainNegotiation } from './negotiation-explain.ts'
import { checkHandshake, parseHandshake } from '../protocol/index.ts'

const explain = (text: string) => explainNegotiation(checkHandshake(parseHandshake(text)))

const REQUEST = (extensions: string, protocols = '') =>
  `GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extensions ? `Sec-WebSocket-Extensions: ${extensions}\r\n` : ''}${protocols ? `Sec-WebSocket-Protocol: ${protocols}\r\n` : ''}\r\n`
const RESPONSE = (extensions: string, protocol = '') =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n${extensions ? `Sec-WebSocket-Extensions: ${extensions}\r\n` : ''}${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ''}\r\n`

describe('deflateMemory', () => {
  it('follows zlib: 256 KiB to compress and 39 KiB to inflate with a 15-bit window', () => {
    expect(deflateMemory(15)).toEqual({ compressor: 262144, decompressor: 32768 + 7168 })
    expect(deflateMemory(8).compressor).toBe(deflateMemory(9).compressor)
  })
})

describe('explainNegotiation', () => {
  it("explains the seed's client_max_window_bits=15 in memory and ratio, and context takeover both ways", () => {
    const notes = explain(REQUEST('permessage-deflate; client_max_window_bits') + RESPONSE('permessage-deflate;client_max_window_bits=15'))
    const window = notes.find((n) => n.topic === 'client_max_window_bits=15')!
    expect(window.text).toContain('32 KiB')
    expect(window.text).toContain('256 KiB')
    expect(window.text).toContain('limits nothing')
    expect(notes.find((n) => n.topic === 'offer')!.text).toContain('smaller window if the server asks')
    expect(notes.filter((n) => n.topic.endsWith('context takeover'))).toHaveLength(2)
  })

  it('says what no_context_takeover and a small window give up', () => {
    const notes = explain(REQUEST('permessage-deflate') + RESPONSE('permessage-deflate; server_no_context_takeover; server_max_window_bits=10'))
    expect(notes.find((n) => n.topic === 'server_no_context_takeover')!.text).toContain('each message is compressed on its own')
    expect(notes.find((n) => n.topic === 'server_max_window_bits=10')!.text).toContain('1 KiB')
  })

  it('explains a declined offer and the subprotocol choice', () => {
    const notes = explain(REQUEST('permessage-deflate', 'chat.v2, chat.v1') + RESPONSE('', 'chat.v2'))
    expect(notes.find((n) => n.topic === 'accepted')!.text).toContain('uncompressed')
    expect(notes.find((n) => n.topic === 'subprotocol')!.text).toContain('selected "chat.v2"')
  })

  it('says when nothing was negotiated', () => {
    const notes = explain(REQUEST(''))
    expect(notes.map((n) => n.topic)).toEqual(['extensions', 'subprotocol'])
  })
})
