import { describe, expect, it } from 'vitest'
import { frameOverhead, measureContextTakeover, pollingRequestSize } from './overhead.ts'
import { parseHandshake, utf8Encode } from '../protocol/index.ts'

describe('frameOverhead', () => {
  it('is 2, 4 or 10 bytes by length form, plus 4 for the masking key', () => {
    expect(frameOverhead(0, false)).toBe(2)
    expect(frameOverhead(125, false)).toBe(2)
    expect(frameOverhead(126, false)).toBe(4)
    expect(frameOverhead(65535, false)).toBe(4)
    expect(frameOverhead(65536, false)).toBe(10)
    expect(frameOverhead(5, true)).toBe(6)
    expect(frameOverhead(65536, true)).toBe(14)
  })
})

describe('pollingRequestSize', () => {
  it('counts the request line and the fields a polling GET repeats, without the upgrade-only ones', () => {
    const { request } = parseHandshake(
      [
        'Request URL:wss://example.com/feed?x=1',
        'Request Method:GET',
        '',
        'Host:example.com',
        'Connection:Upgrade',
        'Upgrade:websocket',
        'Sec-WebSocket-Key:dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version:13',
        'Cookie:a=b',
      ].join('\n'),
    )
    const size = pollingRequestSize(request!)
    expect(size.requestLine).toBe('GET /feed?x=1 HTTP/1.1\r\n')
    expect(size.fields.map((f) => f.name)).toEqual(['Host', 'Cookie'])
    // "GET /feed?x=1 HTTP/1.1\r\n" 24 + "Host: example.com\r\n" 19 + "Cookie: a=b\r\n" 13 + "\r\n" 2
    expect(size.total).toBe(24 + 19 + 13 + 2)
  })
})

describe('measureContextTakeover', () => {
  it('reproduces RFC 7692 §7.2.3: a second "Hello" costs 5 bytes with context takeover, 7 without', () => {
    const hello = utf8Encode('Hello')
    const gain = measureContextTakeover([hello, hello], 'server')
    expect(gain.perMessage).toEqual([
      { plain: 7, withTakeover: 9, withoutTakeover: 9 },
      { plain: 7, withTakeover: 7, withoutTakeover: 9 },
    ])
    expect(gain).toMatchObject({ messages: 2, payloadBytes: 10, plain: 14, withTakeover: 16, withoutTakeover: 18 })
  })

  it('counts the masking key of client frames', () => {
    const gain = measureContextTakeover([utf8Encode('Hello')], 'client')
    expect(gain.plain).toBe(11)
  })

  it('gains a lot on similar JSON events, and more with context takeover', () => {
    const events = Array.from({ length: 20 }, (_, i) =>
      utf8Encode(JSON.stringify({ stream: 'active_users_stream', seq: i, users: 1000 + i, ts: 1489650354000 + i })),
    )
    const gain = measureContextTakeover(events, 'server')
    expect(gain.withTakeover).toBeLessThan(gain.withoutTakeover)
    expect(gain.withoutTakeover).toBeLessThan(gain.plain)
  })
})
