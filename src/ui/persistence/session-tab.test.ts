import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkHandshake, encodeCloseBody, finding, parseHandshake, utf8Encode } from '../../protocol/index.ts'
import { importFile } from '../../importers/index.ts'
import { emptySession, type Session } from '../../shared/session.ts'
import { feedMessage } from '../../shared/testing/feed-message.ts'
import type { DecodedEvent } from '../connection/captures-protocol.ts'
import { runOf } from '../connection/captures-columns.ts'
import { connections } from '../connection/connections.ts'
import { currentAttempt } from '../connection/connection.ts'
import { flush } from '../connection/ingest.ts'
import { tapRecorder } from '../connection/testing/tap-recorder.ts'
import { useConnectionsStore } from '../connection/connections-store.ts'
import { FrameFlag } from '../store/frame-store.ts'
import { Flag } from '../store/message-store.ts'
import { connectionToSession, openSessionInInspector, tapFramesOf } from './session-tab.ts'
import type { FramesRequest, FramesReply } from '../connection/tap-frames.ts'

const fixture = (name: string) => importFile(new Uint8Array(readFileSync(new URL(`../../importers/testdata/${name}`, import.meta.url)))).sessions

/** A message from the server as the captures feed reports it (unmasked 2-byte headers). */
function serverMessage(captureId: string, t: number, index: number, type: 'ping' | 'text', text: string, firstFrame: number, frameCount: number): DecodedEvent {
  return feedMessage(utf8Encode(text), { captureId, t, index, messageType: type, headerBytes: 2 * frameCount, frameCount, firstFrame })
}

/**
 * A tapped connection as the server reports it — a fragmented text with a Ping between its
 * fragments, and a frame the tap injected — recorded the live way (TapRecorder into a tab) and
 * read back as a Session.
 */
function tappedSession(): Session {
  const captureId = 'cap-1'
  const frame = (sender: 'client' | 'server', index: number, byte0: number, payload: string, injected = false): DecodedEvent => {
    const data = utf8Encode(payload)
    return {
      type: 'frame',
      captureId,
      t: 10 + index,
      sender,
      index: injected ? null : index,
      action: injected ? 'injected' : 'relayed',
      offset: index * 10,
      payloadLength: data.length,
      header: new Uint8Array([byte0, data.length]),
      payload: data,
    }
  }
  const message = (t: number, index: number, type: 'ping' | 'text', text: string, firstFrame: number, frameCount: number) =>
    serverMessage(captureId, t, index, type, text, firstFrame, frameCount)
  const report = checkHandshake(parseHandshake('GET /chat HTTP/1.1\r\nHost: x\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n'))
  const id = useConnectionsStore.getState().add()
  useConnectionsStore.getState().setStatus(id, { url: 'wss://example.test/chat', tapped: true })
  tapRecorder(connections.get(id)!, 'wss://example.test/chat').apply(
    runOf([
      { type: 'capture-started', captureId, t: 1, mode: 'tap', target: 'wss://example.test/chat', client: '127.0.0.1:5000' },
      { type: 'handshake', captureId, t: 2, report, requestText: '', responseText: '', deflate: null },
      frame('server', 0, 0x01, 'Hel'),
      frame('server', 1, 0x89, 'p'),
      message(11, 0, 'ping', 'p', 1, 1),
      frame('server', 2, 0x80, 'lo'),
      message(12, 1, 'text', 'Hello', 0, 2),
      frame('client', 0, 0x8a, 'p', true),
      { type: 'capture-ended', captureId, t: 20, reason: 'client closed', stats: null },
    ]),
  )
  flush()
  const session = connectionToSession(id)
  useConnectionsStore.getState().remove(id)
  return session
}

/** What a page's own socket gives: messages without frames, a Close sent and a 1006 the browser reported. */
function directSession(): Session {
  const session = emptySession({ id: 'direct-1', source: 'direct', url: 'ws://example.test/echo' })
  const message = (t: number, sender: 'client' | 'server', type: 'text' | 'close', data: Uint8Array, closeCode: number | null, closeReason: string | null) =>
    session.messages.push({
      t,
      sender,
      type,
      data,
      compressed: false,
      wireLength: type === 'close' && closeCode === 1006 ? null : data.length,
      frameCount: null,
      closeCode,
      closeReason,
    })
  message(1.5, 'client', 'text', utf8Encode('héllo'), null, null)
  message(2.25, 'server', 'text', utf8Encode('héllo'), null, null)
  message(3, 'client', 'close', encodeCloseBody(4000, 'bye'), 4000, 'bye')
  message(4, 'server', 'close', new Uint8Array(0), 1006, null)
  session.events.push({ t: 1, kind: 'open', readyState: 1, detail: 'no subprotocol', closeCode: null, wasClean: null })
  return session
}

/** Messages a gap in a capture cut, or left compressed. */
function gapSession(): Session {
  const session = directSession()
  session.messages[0].gap = 'cut'
  session.messages[1] = { ...session.messages[1], compressed: true, gap: 'not-inflated' }
  return session
}

describe('sessions in the inspector', () => {
  const cases: [string, () => Session[]][] = [
    ['a pcap with permessage-deflate', () => fixture('ws-deflate.pcapng')],
    ['a pcap with fragments, pings and a close', () => fixture('ws-plain.pcap')],
    ['a capture with a gap', () => fixture('tcp-gap.pcap')],
    ['a TLS connection', () => fixture('wss-tls.pcapng')],
    ['a HAR from Chrome', () => fixture('chrome.har')],
    ['a HAR from Firefox', () => fixture('firefox.har')],
    ['a tapped connection with an injected frame', () => [tappedSession()]],
    ['a direct connection', () => [directSession()]],
    ['messages spoiled by a capture gap', () => [gapSession()]],
  ]

  for (const [name, sessions] of cases) {
    it(`load and convert back to the same session: ${name}`, () => {
      for (const session of sessions()) {
        const id = openSessionInInspector(session)
        expect(connectionToSession(id)).toEqual(session)
      }
    })
  }

  it('fill the log, the real frames and the handshake checks of a read-only tab', () => {
    const [session] = fixture('ws-deflate.pcapng')
    const id = openSessionInInspector(session)
    const tab = useConnectionsStore.getState().byId[id]
    expect(useConnectionsStore.getState().activeId).toBe(id)
    expect(tab.session?.source).toBe('pcap')
    expect(tab.status).toMatchObject({ phase: 'closed', url: session.info.url, extensions: session.info.extensions })
    const { messages, frames } = connections.get(id)!
    expect(messages.length).toBe(session.messages.length)
    const compressed = session.messages.findIndex((m) => m.compressed)
    expect(messages.has(compressed, Flag.COMPRESSED)).toBe(true)
    const link = messages.frames(compressed)!
    expect(frames.chain(link.first, link.count).map((f) => frames.bytes(f)[0] & 0x40)).toContain(0x40)
    const handshake = currentAttempt(connections.get(id)!.view.getState())!.handshake!
    expect(handshake.report.checks.length).toBeGreaterThan(5)
    expect(handshake.report.checks.every((c) => c.ok)).toBe(true)
    expect(handshake.requestText).toMatch(/^GET \/fixture\?variant=deflate HTTP\/1\.1\r\n/)
    expect(handshake.deflate).not.toBeNull()
  })

  it('give a tap-injected frame its own row, and link the fragments of a message around a Ping', () => {
    const id = openSessionInInspector(tappedSession())
    const { messages, frames } = connections.get(id)!
    expect(messages.length).toBe(3)
    // The injected frame came first (t = 10), before the Ping (11) and the text (12).
    expect([0, 1, 2].map((i) => messages.has(i, Flag.INJECTED))).toEqual([true, false, false])
    const text = messages.frames(2)!
    expect(frames.chain(text.first, text.count)).toEqual([0, 2])
    expect(frames.has(3, FrameFlag.INJECTED)).toBe(true)
  })

  it('save the frames of a tapped tab that the companion server kept, as if they had come with the feed', async () => {
    const captureId = 'cap-3'
    const server = (index: number, byte0: number, payload: string): DecodedEvent & { type: 'frame' } => ({
      type: 'frame',
      captureId,
      t: 10 + index,
      sender: 'server',
      index,
      action: 'relayed',
      offset: index * 10,
      payloadLength: payload.length,
      header: new Uint8Array([byte0, payload.length]),
      payload: utf8Encode(payload),
    })
    // A fragmented text with a Ping between its fragments: the feed brings the messages only.
    const kept = [server(0, 0x01, 'Hel'), server(1, 0x89, 'p'), server(2, 0x80, 'lo')]
    const asked: FramesRequest[] = []
    const frames = async (r: FramesRequest): Promise<FramesReply> => {
      asked.push(r)
      if (!('from' in r)) return { ok: false, error: 'by range only' }
      const found = kept.filter((f) => f.index! >= r.from && f.index! < r.to)
      return {
        ok: true,
        answer: { type: 'frames', captureId, commandId: null, sender: r.sender, from: r.from, to: r.to, keptFrom: 0, frames: found, notKept: null },
      }
    }
    const id = useConnectionsStore.getState().add()
    useConnectionsStore.getState().setStatus(id, { url: 'wss://example.test/chat', tapped: true })
    const conn = connections.get(id)!
    const message = (t: number, index: number, type: 'ping' | 'text', text: string, firstFrame: number, frameCount: number) =>
      serverMessage(captureId, t, index, type, text, firstFrame, frameCount)
    tapRecorder(conn, 'wss://example.test/chat', { frames }).apply(runOf([message(11, 0, 'ping', 'p', 1, 1), message(12, 1, 'text', 'Hello', 0, 2)]))
    flush()
    expect(conn.frames.length).toBe(0)
    const session = connectionToSession(id, await tapFramesOf(id))
    expect(asked.every((r) => r.sender === 'server')).toBe(true)
    expect(session.frames.map((f) => [f.t, f.messageIndex])).toEqual([
      [10, 1],
      [11, 0],
      [12, 1],
    ])
    expect(session.messages.map((m) => m.frameCount)).toEqual([1, 2])
    // Loaded back, the text's row holds its two fragments, the Ping's its own frame.
    const loaded = connections.get(openSessionInInspector(session))!
    const chain = (row: number) => loaded.frames.chain(loaded.messages.frames(row)!.first, loaded.messages.frames(row)!.count)
    expect(chain(1).map((f) => [...loaded.frames.bytes(f)])).toEqual([
      [0x01, 3, 0x48, 0x65, 0x6c],
      [0x80, 2, 0x6c, 0x6f],
    ])
    expect(chain(0).map((f) => loaded.frames.bytes(f)[0])).toEqual([0x89])
    // Without the server's frames (not kept), the session has messages only, with their frame counts.
    expect(connectionToSession(id).frames).toEqual([])
    useConnectionsStore.getState().remove(id)
  })

  it('keep the frame that broke the protocol marked after saving and loading', () => {
    const captureId = 'cap-2'
    const id = useConnectionsStore.getState().add()
    useConnectionsStore.getState().setStatus(id, { url: 'ws://example.test/bad', tapped: true })
    const conn = connections.get(id)!
    const bad = new Uint8Array([0x68, 0xff])
    tapRecorder(conn, 'ws://example.test/bad').apply(
      runOf([
        {
          type: 'frame',
          captureId,
          t: 10,
          sender: 'server',
          index: 0,
          action: 'relayed',
          offset: 0,
          payloadLength: 2,
          header: new Uint8Array([0x81, 2]),
          payload: bad,
        },
        { type: 'finding', captureId, t: 10, sender: 'server', finding: finding('message.invalid-utf8', 'text message is not valid UTF-8', 0, 4) },
        { type: 'capture-ended', captureId, t: 20, reason: 'the server closed the connection', stats: null },
      ]),
    )
    flush()
    expect([...conn.violations.keys()]).toEqual([0])
    const reopened = connections.get(openSessionInInspector(connectionToSession(id)))!
    expect(reopened.violations.get(0)?.finding.code).toBe('message.invalid-utf8')
    expect([...reopened.messages.payload(0)]).toEqual([...bad])
  })

  it('name a live tab by its URL and say which messages were cut short', () => {
    const { add, setStatus } = useConnectionsStore.getState()
    const id = add()
    setStatus(id, { url: 'ws://example.test/echo', tapped: false })
    connections.get(id)!.messages.append({ t: 5, sender: 'server', type: 'binary', data: new Uint8Array(2 * 1024 * 1024), wire: 'one-frame' })
    const session = connectionToSession(id)
    expect(session.info).toMatchObject({ source: 'direct', url: 'ws://example.test/echo', framesReal: false })
    expect(session.info.notes).toEqual(['1 message was longer than 1 MiB: only the first MiB of each was kept'])
    expect(session.messages[0].data.length).toBe(1024 * 1024)
  })
})
