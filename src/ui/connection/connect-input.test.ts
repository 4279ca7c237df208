import { describe, expect, it } from 'vitest'
import { checkProtocols, checkSocketUrl, parseHeaderLines } from './connect-input.ts'

const message = (input: string, page?: string) => {
  const r = checkSocketUrl(input, page)
  return r.ok ? null : r.error
}

describe('checkSocketUrl', () => {
  it('accepts ws:// and wss:// URLs', () => {
    expect(checkSocketUrl(' ws://localhost:8080/echo?x=1 ')).toEqual({ ok: true, value: 'ws://localhost:8080/echo?x=1' })
    expect(checkSocketUrl('wss://example.com', 'https:')).toEqual({ ok: true, value: 'wss://example.com/' })
  })

  it('explains each kind of invalid URL', () => {
    expect(message('')).toMatch(/Enter a ws/)
    expect(message('localhost:8080/echo')).toMatch(/no scheme.*ws:\/\/localhost:8080\/echo/)
    expect(message('http://example.com/socket')).toMatch(/HTTP URL.*try ws:\/\/example.com\/socket/)
    expect(message('ftp://example.com')).toMatch(/not a WebSocket scheme/)
    expect(message('ws://exa mple.com')).toMatch(/not a valid URL/)
    expect(message('ws://example.com:99999')).toMatch(/not a valid URL/)
    expect(message('ws://example.com/#top')).toMatch(/fragment/)
    expect(message('ws://example.com', 'https:')).toMatch(/mixed content/)
  })
})

describe('checkProtocols', () => {
  it('splits, trims and validates subprotocols', () => {
    expect(checkProtocols(' chat , v2.json ,')).toEqual({ ok: true, value: ['chat', 'v2.json'] })
    expect(checkProtocols('')).toEqual({ ok: true, value: [] })
    expect(checkProtocols('a b')).toMatchObject({ ok: false, error: expect.stringMatching(/not a token/) })
    expect(checkProtocols('chat, chat')).toMatchObject({ ok: false, error: expect.stringMatching(/twice/) })
  })
})

describe('parseHeaderLines', () => {
  it('reads one "Name: value" per line, skipping blank lines', () => {
    expect(parseHeaderLines('Authorization: Bearer abc\n\n  Cookie: a=1; b=2  \n')).toEqual({
      ok: true,
      value: [
        ['Authorization', 'Bearer abc'],
        ['Cookie', 'a=1; b=2'],
      ],
    })
  })

  it('says which line is not a header', () => {
    expect(parseHeaderLines('X-Ok: 1\nnot a header')).toEqual({ ok: false, error: 'Header line 2 (“not a header”) is not “Name: value”.' })
    expect(parseHeaderLines('Bad Name: 1')).toMatchObject({ ok: false })
  })
})
