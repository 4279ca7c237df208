import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { utf8Encode } from '../protocol/index.ts'
import type { Session } from '../shared/session.ts'
import { exportHar, exportHarText } from './har-export.ts'
import { importHar } from './har-import.ts'
import { importFile } from './import-file.ts'
import { arbitraryMessage } from './testing/arbitrary-session.ts'
import { messageSummary } from './testing/summary.ts'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)))

describe('HAR import', () => {
  it("reads Chrome's _webSocketMessages: text, base64 binary and control frames, times, errors", () => {
    const result = importFile(fixture('chrome.har'), { idPrefix: 'har' })
    expect(result.format).toBe('har')
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual(['1 HAR entry skipped: not WebSocket connections'])
    const [session] = result.sessions
    expect(session.info).toMatchObject({
      id: 'har-1',
      source: 'har',
      url: 'ws://localhost:8080/chat?room=1',
      framesReal: false,
      subprotocol: 'chat',
      extensions: 'permessage-deflate',
      createdAt: Date.parse('2024-05-01T10:00:01.000Z'),
    })
    expect(session.info.handshake?.request?.headers).toContainEqual(['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='])
    expect(session.info.handshake?.response).toMatchObject({ status: 101, statusText: 'Switching Protocols' })
    expect(messageSummary(session)).toEqual([
      ['client', 'text', '{"hello":"server"}'],
      ['server', 'text', 'héllo ✓'],
      ['server', 'binary', '52 bytes'],
      ['client', 'ping', 'ping!'],
      ['server', 'pong', 'ping!'],
      ['client', 'close', '1000 bye'],
      ['server', 'close', '1000 '],
    ])
    expect(session.messages[0].t).toBeCloseTo(1714557601123.456, 3)
    expect(session.messages[2].data).toEqual(Uint8Array.from({ length: 52 }, (_, i) => i * 5))
    expect(session.events.map((e) => [e.kind, e.detail])).toEqual([
      ['open', 'HTTP 101 Switching Protocols'],
      ['error', 'WebSocket is already in CLOSING or CLOSED state.'],
    ])
    expect(session.frames).toEqual([])
  })

  it("reads Firefox's WebSocket entries, which carry the handshake but no messages", () => {
    const result = importFile(fixture('firefox.har'))
    expect(result.errors).toEqual([])
    const [session] = result.sessions
    expect(session.info.url).toBe('ws://localhost:8080/chat')
    expect(session.info.handshake?.request?.headers).toContainEqual(['Upgrade', 'websocket'])
    expect(session.messages).toEqual([])
    expect(session.info.notes).toEqual(['this HAR entry has no WebSocket messages: the browser that wrote it (Firefox, for one) does not export them'])
  })

  it('reports a bad message with its path and keeps the rest', () => {
    const har = JSON.parse(new TextDecoder().decode(fixture('chrome.har')))
    const messages = har.log.entries[1]._webSocketMessages
    messages[2].data = '%%%'
    messages[3].opcode = 3
    const result = importHar(JSON.stringify(har))
    expect(result.errors.map((e) => e.message)).toEqual([
      'log.entries[1]._webSocketMessages[2]: opcode 2 data is not valid base64; message skipped',
      'log.entries[1]._webSocketMessages[3]: opcode 3 is not a WebSocket message opcode (1, 2, 8, 9 or 10); message skipped',
    ])
    expect(result.sessions[0].messages).toHaveLength(5)
    expect(importHar('{"log": {}}').errors[0].message).toBe('not a HAR file: log.entries is missing or not an array')
  })
})

describe('HAR export', () => {
  it('writes every field HAR 1.2 requires, and Chrome-shaped messages', () => {
    const { sessions } = importFile(fixture('ws-deflate.pcapng'))
    const har = exportHar(sessions)
    expect(har.log).toMatchObject({ version: '1.2', creator: { name: 'wsinspect' } })
    const [entry] = har.log.entries
    for (const key of ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings']) expect(entry).toHaveProperty(key)
    for (const key of ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'])
      expect(entry.request).toHaveProperty(key)
    for (const key of ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'])
      expect(entry.response).toHaveProperty(key)
    for (const key of ['send', 'wait', 'receive']) expect(typeof entry.timings[key as 'send']).toBe('number')
    expect(entry.request.queryString).toEqual([{ name: 'variant', value: 'deflate' }])
    expect(entry.serverIPAddress).toBe('127.0.0.1')
    expect(entry._webSocketMessages[0]).toEqual({ type: 'send', time: sessions[0].messages[0].t / 1000, opcode: 1, data: 'Hello, server' })
    expect(entry._webSocketMessages[2]).toMatchObject({ type: 'send', opcode: 2 })
    expect(entry._webSocketMessages[2].data).toMatch(/^[A-Za-z0-9+/]+=*$/)
  })

  it('exports a session whose start time is beyond the range of dates, saying so in a comment, and the rest imports back', () => {
    const { sessions } = importFile(fixture('ws-plain.pcapng'))
    const session: Session = { ...sessions[0], info: { ...sessions[0].info, createdAt: 1e20 } }
    const [entry] = exportHar([session]).log.entries
    expect(entry.startedDateTime).toBe('1970-01-01T00:00:00.000Z')
    expect(entry.comment).toBe("the session's start time (100000000000000000000 ms since 1970) is beyond the range of dates: startedDateTime is a placeholder")
    expect(entry.time).toBe(0)
    const back = importFile(utf8Encode(exportHarText([session])))
    expect(back.errors).toEqual([])
    expect(messageSummary(back.sessions[0])).toEqual(messageSummary(sessions[0]))
  })

  it('export then import gives the same messages (a capture, and any messages)', () => {
    const { sessions } = importFile(fixture('ws-plain.pcapng'))
    const back = importFile(utf8Encode(exportHarText(sessions)))
    expect(messageSummary(back.sessions[0])).toEqual(messageSummary(sessions[0]))
    // HAR writes the request's absolute URL where the capture had the request-target.
    expect(back.sessions[0].info.handshake?.request?.headers).toEqual(sessions[0].info.handshake?.request?.headers)
    expect(back.sessions[0].info.handshake?.response).toEqual(sessions[0].info.handshake?.response)

    fc.assert(
      fc.property(fc.array(arbitraryMessage, { maxLength: 10 }), (messages) => {
        const session: Session = { ...sessions[0], messages }
        const [imported] = importHar(exportHarText([session])).sessions
        expect(imported.messages.length).toBe(messages.length)
        imported.messages.forEach((m, i) => {
          const original = messages[i]
          expect([m.sender, m.type, m.data, m.closeCode, m.closeReason]).toEqual([
            original.sender,
            original.type,
            original.data,
            original.closeCode,
            original.closeReason,
          ])
          // Seconds in HAR, milliseconds here: equal to well under a microsecond.
          expect(Math.abs(m.t - original.t)).toBeLessThan(1e-3)
        })
      }),
      { numRuns: 200 },
    )
  })
})
