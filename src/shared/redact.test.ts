import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, redactFieldValue, redactHttpHead, redactUrl } from './redact.ts'

describe('redacting credentials', () => {
  it.each([
    ['Authorization', 'Bearer eyJhbGciOi.abc.def', 'Bearer [redacted]'],
    ['authorization', 'Basic dXNlcjpwYXNz', 'Basic [redacted]'],
    ['Authorization', 's3cret', '[redacted]'],
    ['Proxy-Authorization', 'Negotiate YIIB', 'Negotiate [redacted]'],
    ['Cookie', 'session=abc; theme=dark', 'session=[redacted]; theme=[redacted]'],
    ['Set-Cookie', 'sid=42; Path=/; HttpOnly; SameSite=Strict', 'sid=[redacted]; Path=/; HttpOnly; SameSite=Strict'],
    ['X-Api-Key', 'k-123', '[redacted]'],
    ['Sec-WebSocket-Protocol', 'chat.v1', 'chat.v1'],
    ['Origin', 'https://app.example', 'https://app.example'],
  ])('%s: %s → %s', (name, value, expected) => {
    expect(redactFieldValue(name, value)).toBe(expected)
  })

  it.each([
    ['wss://api.example/feed?token=abc&room=1', 'wss://api.example/feed?token=[redacted]&room=1'],
    ['/socket?access_token=abc&key=k&apiKey=x&sig=1&v=2#frag', '/socket?access_token=[redacted]&key=[redacted]&apiKey=[redacted]&sig=[redacted]&v=2#frag'],
    ['ws://u:pw@host/?password=p&code=oauth&zipcode=123', 'ws://u:[redacted]@host/?password=[redacted]&code=[redacted]&zipcode=123'],
    ['ws://host/?token=&flag&room=%74oken', 'ws://host/?token=&flag&room=%74oken'],
    ['ws://host/?%74oken=abc', 'ws://host/?%74oken=[redacted]'],
    ['ws://host/path', 'ws://host/path'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected)
  })

  it('redacts an HTTP head line by line, keeping its layout', () => {
    const head = 'GET /ws?token=abc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\r\nCookie: a=1\r\n\r\n'
    expect(redactHttpHead(head)).toBe('GET /ws?token=[redacted] HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer [redacted]\r\nCookie: a=[redacted]\r\n\r\n')
    expect(redactHttpHead('HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: s=1; Secure\r\n\r\n')).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: s=[redacted]; Secure\r\n\r\n',
    )
  })

  it('never lets a token value through, whatever the URL around it', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/)
    const name = fc.constantFrom('token', 'access_token', 'key', 'api_key', 'password', 'sessionid')
    const other = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^[a-z0-9]{0,5}$/)), { maxLength: 4 })
    fc.assert(
      fc.property(secret, name, other, other, (value, param, before, after) => {
        const query = [...before.map(([n, v]) => `${n}=${v}`), `${param}=${value}`, ...after.map(([n, v]) => `${n}=${v}`)].join('&')
        const redacted = redactUrl(`wss://h.example/p?${query}`)
        expect(redacted).not.toContain(value)
        expect(redacted).toContain(`${param}=${REDACTED}`)
      }),
      { numRuns: 500 },
    )
  })
})
