import { beforeEach, describe, expect, it } from 'vitest'
import { backoffDelay, ConnectionEngine } from './connection-engine.ts'
import type { SocketEvents, SocketLike, TapDeps } from './engine-ports.ts'
import type { FramesReply, FramesRequest } from './tap-frames.ts'
import type { DecodedEvent, DecodedFrame } from './captures-protocol.ts'
import { runOf, type EventRun } from './captures-columns.ts'
import type { TapSessionRequest } from '../../shared/capture-api.ts'
import { feedMessage } from '../../shared/testing/feed-message.ts'
import { BatchBuilder } from '../store/message-batch.ts'
import { connections } from './connections.ts'
import { tabsPort, useConnectionsStore } from './connections-store.ts'
import { flush } from './ingest.ts'
import { Flag } from '../store/message-store.ts'
import { checkHandshake, finding, ok, parseHandshake, utf8Decode } from '../../protocol/index.ts'
import { currentAttempt, shownAttempt } from './connection.ts'

/** A socket the test drives: it records what the engine asks and fires the events a browser would. */
class FakeSocket implements SocketLike {
  sent: (string | Uint8Array)[] = []
  closedWith: [number | undefined, string | undefined] | null = null
  disposed = false

  constructor(
    readonly url: string,
    readonly protocols: string[],
    readonly events: SocketEvents,
    /** Whether received messages reach the engine (through the tap: not until the feed is lost), as the socket worker does. */
    public delivering: boolean,
  ) {}

  send(data: string | Uint8Array): void {
    this.sent.push(data)
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason]
  }

  dispose(): void {
    this.disposed = true
  }

  deliverMessages(): void {
    this.delivering = true
  }

  open(protocol = '', extensions = ''): void {
    this.events.open({ url: this.url, protocol, extensions })
  }

  message(...data: (string | ArrayBuffer)[]): void {
    const builder = new BatchBuilder()
    for (const d of data) builder.add(clock, d)
    if (this.delivering) this.events.messages(builder.take())
  }

  serverClose(code: number, reason = '', wasClean = true): void {
    if (code === 1006) this.events.error()
    this.events.close({ code, reason, wasClean })
  }
}

/** A handler of the feed's runs that tests give events: they reach it as the captures worker hands them over, in columns. */
const asColumns = (handler: (run: EventRun) => void) => (events: DecodedEvent[]) => handler(runOf(events))

/** The companion server's captures API as the engine sees it. */
class FakeTap implements TapDeps {
  handlers = new Map<string, (events: DecodedEvent[]) => void>()
  unsubscribed: string[] = []
  commands: unknown[] = []
  sessions: TapSessionRequest[] = []
  refuse: string | null = null

  showSecrets: boolean[] = []

  async subscribe(captureId: string, handler: (run: EventRun) => void, showSecrets: boolean) {
    this.showSecrets.push(showSecrets)
    if (this.refuse) return { ok: false, message: this.refuse }
    this.handlers.set(captureId, asColumns(handler))
    return { ok: true, message: 'subscribed' }
  }

  unsubscribe(captureId: string) {
    this.unsubscribed.push(captureId)
  }

  async subscribeAll(handler: (run: EventRun) => void) {
    this.handlers.set('*', asColumns(handler))
    return { ok: true, message: 'subscribed' }
  }

  listen(captureId: string, handler: (run: EventRun) => void) {
    this.handlers.set(captureId, asColumns(handler))
  }

  async command(command: unknown) {
    this.commands.push(command)
    return { ok: true, message: 'done' }
  }

  framesAsked: unknown[] = []
  /** The server's kept frames, as the test sets them. */
  kept: DecodedFrame[] = []

  async frames(captureId: string, request: FramesRequest): Promise<FramesReply> {
    this.framesAsked.push({ captureId, ...request })
    if (!('offset' in request)) return { ok: false, error: 'this test answers by offset only' }
    const found = this.kept.filter(
      (f) => f.sender === request.sender && f.offset <= request.offset && request.offset < f.offset + f.header.length + f.payloadLength,
    )
    const range = found.length ? { from: found[0].index!, to: found[0].index! + 1 } : { from: 0, to: 0 }
    return {
      ok: true,
      answer: {
        type: 'frames',
        captureId,
        commandId: null,
        sender: request.sender,
        ...range,
        keptFrom: 0,
        frames: found,
        notKept: found.length ? null : 'not kept',
      },
    }
  }

  async session(request: TapSessionRequest) {
    this.sessions.push(request)
    return ok('/tap?session=s1')
  }

  origin() {
    return 'http://127.0.0.1:4000'
  }

  async token() {
    return 'tok'
  }

  /** Delivers events to one capture. */
  emitTo(captureId: string, ...events: Partial<DecodedEvent>[]) {
    this.handlers.get(captureId)!(events.map((e) => ({ captureId, t: clock, ...e }) as DecodedEvent))
  }

  /** Delivers events to the (only) subscribed capture. */
  emit(...events: Partial<DecodedEvent>[]) {
    const [captureId, handler] = [...this.handlers][0]
    handler(events.map((e) => ({ captureId, t: clock, ...e }) as DecodedEvent))
  }
}

let sockets: FakeSocket[]
let tap: FakeTap
let timers: { at: number; callback: () => void; id: number }[]
let clock: number
let engine: ConnectionEngine
let id: string

function advance(ms: number): void {
  clock += ms
  for (const timer of timers.filter((t) => t.at <= clock).sort((a, b) => a.at - b.at)) {
    timers = timers.filter((t) => t !== timer)
    timer.callback()
  }
}

const status = () => useConnectionsStore.getState().byId[id].status
const messages = () => {
  flush()
  return connections.get(id)!.messages
}

beforeEach(() => {
  sockets = []
  timers = []
  clock = 1_000_000
  let nextTimer = 0
  tap = new FakeTap()
  engine = new ConnectionEngine({
    connection: (id) => connections.get(id),
    tabs: tabsPort,
    tap,
    createSocket: (url, protocols, events, deliver) => {
      const s = new FakeSocket(url, protocols, events, deliver)
      sockets.push(s)
      return s
    },
    now: () => clock,
    setTimer: (callback, ms) => {
      timers.push({ at: clock + ms, callback, id: ++nextTimer })
      return nextTimer
    },
    clearTimer: (timer) => {
      timers = timers.filter((t) => t.id !== timer)
    },
    random: () => 0.5,
    pageProtocol: () => 'http:',
  })
  id = useConnectionsStore.getState().add()
  useConnectionsStore.getState().configure(id, { url: 'ws://example.test/echo', protocols: 'chat, v2', autoReconnect: false })
})

describe('ConnectionEngine', () => {
  it('goes CONNECTING → OPEN → CLOSED, logging messages both ways', () => {
    engine.connect(id)
    expect(sockets[0].url).toBe('ws://example.test/echo')
    expect(sockets[0].protocols).toEqual(['chat', 'v2'])
    expect(status()).toMatchObject({ phase: 'connecting', readyState: 0 })
    sockets[0].open('chat')
    expect(status()).toMatchObject({ phase: 'open', readyState: 1, protocol: 'chat', error: null })

    expect(engine.send(id, 'hello')).toBeNull()
    sockets[0].message('hello', new Uint8Array([1, 2, 3]).buffer)
    const store = messages()
    expect(store.length).toBe(3)
    expect([store.sender(0), store.type(0), store.sender(1), store.type(2)]).toEqual(['client', 'text', 'server', 'binary'])
    expect(utf8Decode(store.payload(1))).toBe('hello')
    expect(store.wireSize(0)).toBe(2 + 4 + 5) // masked client frame
    expect(store.wireSize(1)).toBe(2 + 5)

    sockets[0].serverClose(1000, 'done')
    expect(status()).toMatchObject({ phase: 'closed', readyState: 3, close: { code: 1000, reason: 'done', wasClean: true }, error: null })
    expect(sockets[0].disposed).toBe(true)
    const closed = messages()
    expect([closed.type(3), closed.closeCode(3), closed.sender(3)]).toEqual(['close', 1000, 'server'])
    const kinds = connections
      .get(id)!
      .timeline.snapshot()
      .events.map((e) => `${e.kind}:${e.readyState}`)
    expect(kinds).toEqual(['connecting:0', 'open:1', 'closed:3'])
  })

  it('explains a connection that never opened, with no close row', () => {
    engine.connect(id)
    sockets[0].serverClose(1006, '', false)
    expect(status().phase).toBe('closed')
    expect(status().error).toMatch(
      /^Could not connect to ws:\/\/example.test\/echo.*Through tap to see why\.\n.*chose none of the offered subprotocols \(chat, v2\)/,
    )
    expect(messages().length).toBe(0)
  })

  it('says the browser refused an unsafe port, not the network', () => {
    useConnectionsStore.getState().configure(id, { url: 'ws://127.0.0.1:1/' })
    engine.connect(id)
    sockets[0].serverClose(1006, '', false)
    expect(status().error!.split('\n')[0]).toBe('The browser refuses port 1 (ERR_UNSAFE_PORT): browsers block the ports of other services (SSH, mail, …).')
  })

  it('keeps one monotonic clock: an echo stamped by another clock before its send is not earlier', () => {
    engine.connect(id)
    sockets[0].open()
    engine.send(id, 'ping')
    clock -= 4 // the worker's clock runs a few ms behind the page's
    sockets[0].message('ping')
    flush()
    const store = messages()
    expect(store.time(1) - store.time(0)).toBe(0)
  })

  it('does not paint a close the user asked for as an error', () => {
    engine.connect(id)
    sockets[0].open()
    expect(engine.close(id, 4001, 'done here')).toBeNull()
    sockets[0].serverClose(4001, 'done here')
    expect(status()).toMatchObject({ phase: 'closed', error: null })
  })

  it('suggests the tap when a direct connection drops with 1006', () => {
    engine.connect(id)
    sockets[0].open()
    sockets[0].serverClose(1006, '', false)
    const [headline, detail] = status().error!.split('\n')
    expect(headline).toBe('The connection dropped without a closing handshake (1006 Abnormal Closure). Reconnect Through tap to see why.')
    expect(detail).toContain('the frame that broke the protocol shows in the log')
  })

  it('refuses invalid URLs and subprotocols before creating a socket', () => {
    useConnectionsStore.getState().configure(id, { url: 'http://example.test/' })
    engine.connect(id)
    expect(sockets).toHaveLength(0)
    expect(status().error).toMatch(/HTTP URL/)
    useConnectionsStore.getState().configure(id, { url: 'ws://example.test/', protocols: 'a b' })
    engine.connect(id)
    expect(status().error).toMatch(/not a token/)
  })

  it('explains a close with an error code and logs it with its code', () => {
    engine.connect(id)
    sockets[0].open()
    sockets[0].serverClose(1008, 'not allowed')
    expect(status().error).toBe("Closed with 1008 Policy Violation: A message violated the endpoint's policy. Reason: “not allowed”.")
    const store = messages()
    expect([store.closeCode(0), utf8Decode(store.payload(0).subarray(2))]).toEqual([1008, 'not allowed'])
  })

  it('logs an abnormal closure as reported locally, not on the wire', () => {
    engine.connect(id)
    sockets[0].open()
    sockets[0].serverClose(1006, '', false)
    const store = messages()
    expect([store.closeCode(0), store.has(0, Flag.LOCAL), store.wireSize(0)]).toEqual([1006, true, null])
    expect(status().error).toMatch(/without a closing handshake/)
  })

  it('closes with a chosen code, within what a page may send', () => {
    engine.connect(id)
    sockets[0].open()
    expect(engine.close(id, 1002, '')).toMatch(/only close with 1000 or 3000–4999/)
    expect(engine.close(id, 4001, 'bye')).toBeNull()
    expect(sockets[0].closedWith).toEqual([4001, 'bye'])
    expect(status()).toMatchObject({ phase: 'closing', readyState: 2 })
    const store = messages()
    expect([store.sender(0), store.type(0), store.closeCode(0), store.wireSize(0)]).toEqual(['client', 'close', 4001, 2 + 4 + 5])
  })

  it('reconnects with growing delays until it opens, and stops on disconnect', () => {
    useConnectionsStore.getState().configure(id, { autoReconnect: true })
    engine.connect(id)
    sockets[0].serverClose(1006, '', false)
    expect(status()).toMatchObject({ phase: 'waiting', reconnect: { attempt: 1, at: clock + 500 } })
    advance(500)
    expect(sockets).toHaveLength(2)
    sockets[1].serverClose(1006, '', false)
    expect(status().reconnect).toEqual({ attempt: 2, at: clock + 1000 })
    advance(1000)
    sockets[2].open()
    expect(status().reconnect).toBeNull()
    sockets[2].serverClose(1001, 'restart')
    expect(status().reconnect).toEqual({ attempt: 1, at: clock + 500 }) // attempts start over after an open
    engine.disconnect(id)
    expect(status()).toMatchObject({ phase: 'closed', reconnect: null })
    advance(60_000)
    expect(sockets).toHaveLength(3)
  })

  it('does not reconnect after the user closed', () => {
    useConnectionsStore.getState().configure(id, { autoReconnect: true })
    engine.connect(id)
    sockets[0].open()
    engine.disconnect(id)
    expect(sockets[0].closedWith).toEqual([1000, ''])
    sockets[0].serverClose(1000)
    expect(status()).toMatchObject({ phase: 'closed', error: null, reconnect: null })
  })

  it('records the bufferedAmount samples the socket reports', () => {
    engine.connect(id)
    sockets[0].open()
    for (const bytes of [5000, 1200, 0]) sockets[0].events.buffered(clock, bytes)
    expect(
      connections
        .get(id)!
        .timeline.snapshot()
        .buffered.map((s) => s.bytes),
    ).toEqual([5000, 1200, 0])
  })

  it('ignores a replaced socket and explains one the browser refused', () => {
    engine.connect(id)
    const first = sockets[0]
    engine.connect(id)
    expect(first.disposed).toBe(true)
    first.open()
    expect(status().phase).toBe('connecting')
    sockets[1].events.refused("The subprotocol 'é' is invalid.")
    expect(status().error).toMatch(/The browser refused to open the connection: The subprotocol/)
  })

  it('does not guess wire sizes when permessage-deflate was negotiated', () => {
    engine.connect(id)
    sockets[0].open('', 'permessage-deflate; client_max_window_bits=15')
    sockets[0].message('hello')
    expect(messages().wireSize(0)).toBeNull()
  })
})

describe('ConnectionEngine through the tap', () => {
  const tapMode = (headers = '') => useConnectionsStore.getState().configure(id, { mode: 'tap', headers })
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  const header = (...bytes: number[]) => new Uint8Array(bytes)
  /** The server's one-frame text message "hi", as the captures feed reports it. */
  const hiFromServer: Partial<DecodedEvent> = {
    type: 'message',
    sender: 'server',
    index: 0,
    messageType: 'text',
    data: header(0x68, 0x69),
    size: 2,
    compressed: false,
    wireLength: 2,
    headerBytes: 2,
    frameCount: 1,
    firstFrame: 0,
    closeCode: null,
    closeReason: null,
  }

  it('subscribes to a capture, then connects the socket to the tap for the target', async () => {
    tapMode()
    engine.connect(id)
    expect(sockets).toHaveLength(0)
    await settle()
    const [captureId] = [...tap.handlers.keys()]
    const url = new URL(sockets[0].url)
    expect([url.origin, url.pathname, url.searchParams.get('target'), url.searchParams.get('capture'), url.searchParams.get('token')]).toEqual([
      'ws://127.0.0.1:4000',
      '/tap',
      'ws://example.test/echo',
      captureId,
      'tok',
    ])
    expect(status()).toMatchObject({ phase: 'connecting', url: 'ws://example.test/echo' })
  })

  it("logs what the capture reports, with real frames, and ignores the socket's own copy", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open('', 'permessage-deflate')
    engine.send(id, 'Hello')
    sockets[0].message('Hello')
    // The client's masked, compressed "Hello" (RFC 7692 §7.2.3) and its echo.
    const masked = header(0xc1, 0x87, 0x01, 0x02, 0x03, 0x04)
    tap.emit(
      {
        type: 'frame',
        sender: 'client',
        index: 0,
        action: 'relayed',
        offset: 0,
        header: masked,
        payload: header(0xf3, 0x4a, 0xce, 0xcd, 0xc8, 0x05, 0x03),
        payloadLength: 7,
      },
      {
        type: 'message',
        sender: 'client',
        index: 0,
        messageType: 'text',
        data: new TextEncoder().encode('Hello'),
        size: 5,
        compressed: true,
        wireLength: 7,
        headerBytes: 6,
        frameCount: 1,
        firstFrame: 0,
        closeCode: null,
        closeReason: null,
      },
    )
    const store = messages()
    expect(store.length).toBe(1)
    expect([store.sender(0), store.size(0), store.wirePayload(0), store.wireSize(0)]).toEqual(['client', 5, 7, 13])
    expect(store.frames(0)).toEqual({ first: 0, count: 1 })
    expect([...connections.get(id)!.frames.bytes(0).subarray(0, 6)]).toEqual([...masked])
  })

  it('counts what the feed lost: events dropped for a slow reader, early ones the backlog did not keep', async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    tap.emit({ type: 'dropped', count: 5 }, { type: 'backlog-dropped', count: 7, bytes: 700 }, { type: 'dropped', count: 1 })
    messages()
    expect(connections.get(id)!.view.getState().tap).toMatchObject({ dropped: 6, notKept: 7 })
  })

  it('gives a frame the tap injected a row of its own', async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    tap.emit({
      type: 'frame',
      sender: 'client',
      index: null,
      action: 'injected',
      offset: 0,
      header: header(0x89, 0x82, 0, 0, 0, 0),
      payload: header(0x68, 0x69),
      payloadLength: 2,
    })
    const store = messages()
    expect([store.type(0), store.has(0, Flag.INJECTED), new TextDecoder().decode(store.payload(0))]).toEqual(['ping', true, 'hi'])
  })

  it('registers headers in a tap session instead of the URL', async () => {
    tapMode('Authorization: Bearer secret')
    engine.connect(id)
    await settle()
    expect(tap.sessions).toEqual([{ target: 'ws://example.test/echo', headers: [['Authorization', 'Bearer secret']], insecure: false }])
    expect(sockets[0].url).toMatch(/^ws:\/\/127\.0\.0\.1:4000\/tap\?session=s1&capture=[^&]+&token=tok$/)
    expect(sockets[0].url).not.toContain('secret')
    // The capture's handshake comes back with the credentials redacted, unless asked otherwise.
    expect(tap.showSecrets).toEqual([false])
    useConnectionsStore.getState().configure(id, { showSecrets: true })
    engine.connect(id)
    await settle()
    expect(tap.showSecrets).toEqual([false, true])
  })

  it('asks the tap to accept any certificate when told to, in the URL or in the session', async () => {
    useConnectionsStore.getState().configure(id, { mode: 'tap', headers: '', url: 'wss://dev.test/', insecure: true })
    engine.connect(id)
    await settle()
    expect(new URL(sockets[0].url).searchParams.get('insecure')).toBe('1')
    tapMode('Cookie: a=b')
    engine.connect(id)
    await settle()
    expect(tap.sessions).toEqual([{ target: 'wss://dev.test/', headers: [['Cookie', 'a=b']], insecure: true }])
  })

  it("says when the captures feed is lost, and logs the socket's own messages from then on", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    sockets[0].message('before')
    expect(sockets[0].delivering).toBe(false)
    tap.emit({ type: 'feed-lost', reason: 'closed with 1001' })
    expect(sockets[0].delivering).toBe(true)
    sockets[0].message('after')
    const store = messages()
    expect(status().error).toMatch(/captures feed closed \(closed with 1001\).*without the wire frames/)
    expect(store.length).toBe(1)
    expect(utf8Decode(store.payload(0))).toBe('after')
  })

  it('explains an upstream failure, whether it comes before or after the close', async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].serverClose(1006, '', false)
    expect(status().error).toBe('The tap could not open a connection to ws://example.test/echo (close code 1006).')
    tap.emit({ type: 'upstream-error', kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' })
    flush()
    expect(status().error).toMatch(/^Through the tap: connection refused \(ECONNREFUSED\)/)
  })

  it("gives each attempt its own handshake and findings; a refused attempt shows none of the last one's", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    const [first] = [...tap.handlers.keys()]
    sockets[0].open()
    const report = checkHandshake(parseHandshake('GET / HTTP/1.1\r\nHost: x\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n'))
    tap.emitTo(first, { type: 'handshake', report, requestText: 'GET / HTTP/1.1', responseText: 'HTTP/1.1 101', deflate: null })
    tap.emitTo(first, { type: 'finding', sender: 'server', finding: finding('message.invalid-utf8', 'bad UTF-8') })
    flush()
    sockets[0].serverClose(1006, '', false)
    const view = () => connections.get(id)!.view.getState()
    expect(currentAttempt(view())).toMatchObject({ number: 1, tapped: true, findings: [{ sender: 'server' }] })
    expect(currentAttempt(view())!.handshake!.report.checks.some((c) => !c.ok)).toBe(true)

    engine.connect(id)
    await settle()
    const second = [...tap.handlers.keys()].find((c) => c !== first)!
    sockets[1].serverClose(1006, '', false)
    tap.emitTo(second, { type: 'upstream-error', kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' })
    // A late report of the first attempt stays with it.
    tap.emitTo(first, { type: 'finding', sender: 'client', finding: finding('message.invalid-utf8', 'late') })
    flush()
    const [one, two] = view().attempts
    expect(shownAttempt(view())).toBe(two)
    expect(two).toMatchObject({ number: 2, handshake: null, findings: [] })
    expect(two.error).toMatch(/^Through the tap: connection refused/)
    expect(one.findings.map((f) => f.finding.message)).toEqual(['bad UTF-8', 'late'])
    expect(one.handshake).not.toBeNull()
    // Looking back at the first attempt, until the next one starts.
    connections.get(id)!.showAttempt(1)
    expect(shownAttempt(view())).toBe(view().attempts[0])
    engine.connect(id)
    expect(shownAttempt(view())!.number).toBe(3)
    // An invalid URL starts no attempt and leaves the last one's record alone.
    useConnectionsStore.getState().configure(id, { url: 'http://nope/' })
    engine.connect(id)
    expect(view().attempts.map((a) => a.number)).toEqual([1, 2, 3])
    expect(view().attempts[2].error).toBeNull()
  })

  it("makes the frame that broke the protocol a marked row, names it in the banner, and points out the browser's answer", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    const bad = header(0x68, 0xff, 0x69)
    const utf8 = finding('message.invalid-utf8', 'text message is not valid UTF-8: byte 0xff at position 1 of the message cannot occur there', 0, 5)
    tap.emit(
      { type: 'frame', sender: 'server', index: 0, action: 'relayed', offset: 0, header: header(0x81, 0x03), payload: bad, payloadLength: 3 },
      { type: 'finding', sender: 'server', finding: utf8 },
    )
    flush()
    sockets[0].serverClose(1006, '', false)
    const conn = connections.get(id)!
    const store = messages()
    // The frame's row; the 1006 the browser reported waits for the capture's last frames.
    expect([store.length, store.type(0), [...store.payload(0)]]).toEqual([1, 'text', [...bad]])
    expect(conn.violations.get(0)?.finding.code).toBe('message.invalid-utf8')
    const [headline, detail] = status().error!.split('\n')
    expect(headline).toBe('The server broke the protocol: text message that is not valid UTF-8 (1007, RFC 6455 §8.1).')
    expect(detail).toContain('only learns 1006')
    // The browser's Close frame comes through the tap afterwards: 1002, not the 1007 RFC 6455 expects.
    tap.emit(
      {
        type: 'frame',
        sender: 'client',
        index: 0,
        action: 'relayed',
        offset: 0,
        header: header(0x88, 0x82, 0, 0, 0, 0),
        payload: header(0x03, 0xea),
        payloadLength: 2,
      },
      {
        type: 'message',
        sender: 'client',
        index: 0,
        messageType: 'close',
        data: header(0x03, 0xea),
        size: 2,
        compressed: false,
        wireLength: 2,
        headerBytes: 6,
        frameCount: 1,
        firstFrame: 0,
        closeCode: 1002,
        closeReason: '',
      },
    )
    flush()
    expect(status().error!.split('\n')[0]).toBe(
      'The server broke the protocol: text message that is not valid UTF-8 (1007, RFC 6455 §8.1). The browser answered 1002, where RFC 6455 expects 1007.',
    )
    expect(currentAttempt(conn.view.getState())!.violation).toMatchObject({ sender: 'server', answer: 1002 })
    tap.emit({ type: 'capture-ended', reason: 'the client closed the connection', stats: null })
    const log = messages()
    expect([log.length, log.closeCode(1), log.closeCode(2), log.has(2, Flag.LOCAL)]).toEqual([3, 1002, 1006, true])
    advance(5000)
    expect(messages().length).toBe(3)
  })

  it("lands the browser's own 1006 row anyway when the capture does not end", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    sockets[0].serverClose(1006, '', false)
    expect(messages().length).toBe(0)
    advance(2000)
    expect(messages().closeCode(0)).toBe(1006)
  })

  it("marks the violation's frame when the finding comes first, and a close that holds it", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    tap.emit({ type: 'finding', sender: 'server', finding: finding('frame.reserved-opcode', 'reserved opcode 0x3', 4, 3) })
    tap.emit(
      { type: 'frame', sender: 'server', index: 0, action: 'relayed', offset: 0, header: header(0x81, 0x02), payload: header(0x68, 0x69), payloadLength: 2 },
      hiFromServer,
      { type: 'frame', sender: 'server', index: 1, action: 'relayed', offset: 4, header: header(0x83, 0x01), payload: header(0x3f), payloadLength: 1 },
    )
    const store = messages()
    const conn = connections.get(id)!
    expect([store.length, [...conn.violations.keys()]]).toEqual([2, [1]])
    expect(conn.violations.get(1)?.finding.code).toBe('frame.reserved-opcode')
  })

  it("asks the server for the violation's frame when the feed brought none, even when the capture ends first", async () => {
    tapMode()
    engine.connect(id)
    await settle()
    sockets[0].open()
    const [captureId] = [...tap.handlers.keys()]
    tap.kept = [
      {
        type: 'frame',
        captureId,
        t: clock,
        sender: 'server',
        index: 1,
        action: 'relayed',
        offset: 4,
        header: header(0x83, 0x01),
        payload: header(0x3f),
        payloadLength: 1,
      },
    ]
    tap.emit(
      hiFromServer,
      { type: 'finding', sender: 'server', finding: finding('frame.reserved-opcode', 'reserved opcode 0x3', 4, 3) },
      { type: 'capture-ended', reason: 'the server closed the connection', stats: null },
    )
    expect(messages().length).toBe(1)
    await settle()
    const store = messages()
    const conn = connections.get(id)!
    expect(tap.framesAsked).toEqual([{ captureId, sender: 'server', offset: 4 }])
    expect([store.length, [...conn.violations.keys()]]).toEqual([2, [1]])
    // The message row's frames stay on the server; the violation's row holds its frame.
    expect([conn.tapFrames.has(0), store.frames(0), store.frames(1)]).toEqual([true, null, { first: 0, count: 1 }])
    expect([...conn.frames.bytes(0)]).toEqual([0x83, 0x01, 0x3f])
  })

  it('says when the server will not report the connection', async () => {
    tapMode()
    tap.refuse = 'the captures API is off'
    engine.connect(id)
    await settle()
    expect(sockets).toHaveLength(0)
    expect(status().error).toBe('The companion server refused to report this connection: the captures API is off')
  })

  it('sends controls for its capture and records their outcome', async () => {
    tapMode()
    engine.connect(id)
    await settle()
    expect(await engine.tapCommand(id, { type: 'ping', to: 'server' })).toEqual({ ok: false, message: 'Connect Through tap first.' })
    sockets[0].open()
    const [captureId] = [...tap.handlers.keys()]
    expect(await engine.tapCommand(id, { type: 'auto-pong', enabled: false })).toEqual({ ok: true, message: 'done' })
    expect(tap.commands).toEqual([{ type: 'auto-pong', enabled: false, captureId }])
    expect(connections.get(id)!.view.getState().tap.autoPong).toBe(false)
    engine.connect(id)
    expect(tap.unsubscribed).toEqual([captureId])
  })
})

describe('ConnectionEngine watching wsinspect proxy', () => {
  it('opens a live tab per proxy capture with its log, marks and held messages; ignores ended and tap captures', async () => {
    engine.watchProxies()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const all = tap.handlers.get('*')!
    const before = useConnectionsStore.getState().ids.length
    const event = (e: Partial<DecodedEvent>) => ({ t: clock, ...e }) as DecodedEvent
    all([event({ type: 'capture-started', captureId: 'tap-1', mode: 'tap', target: 'ws://a/', client: '' })])
    all([
      event({ type: 'capture-started', captureId: 'proxy-old', mode: 'proxy', target: 'ws://a/', client: '' }),
      event({ type: 'capture-ended', captureId: 'proxy-old', reason: 'closed', stats: null }),
    ])
    expect(useConnectionsStore.getState().ids.length).toBe(before)

    all([event({ type: 'capture-started', captureId: 'proxy-1', mode: 'proxy', target: 'ws://app.test/live', client: '127.0.0.1:5000' })])
    const tabId = useConnectionsStore.getState().ids.at(-1)!
    expect(useConnectionsStore.getState().byId[tabId]).toMatchObject({
      config: { url: 'ws://app.test/live', mode: 'tap' },
      status: { phase: 'open', tapped: true },
    })
    const live = tap.handlers.get('proxy-1')!
    const data = new TextEncoder().encode('{"type":"order"}')
    live([
      event(feedMessage(data, { captureId: 'proxy-1', t: clock, sender: 'client' })),
      event({
        type: 'message-outcome',
        captureId: 'proxy-1',
        sender: 'client',
        index: 0,
        messageType: 'text',
        mark: 'held',
        rule: 0,
        holdId: 'client-0',
        expiresAt: clock + 1000,
        original: { base64: 'eyJ0eXBlIjoib3JkZXIifQ==', length: 16, truncated: false },
        delivered: null,
        deliveredWire: null,
        reason: 'held by break rule 1',
      }),
    ])
    flush()
    expect(connections.get(tabId)!.messages.length).toBe(1)
    expect(connections.get(tabId)!.marks.get(0)?.mark).toBe('held')
    expect(connections.get(tabId)!.view.getState().tap.held).toMatchObject([{ holdId: 'client-0', sender: 'client' }])
    expect(await engine.tapCommand(tabId, { type: 'release', holdId: 'client-0', action: 'drop' })).toEqual({ ok: true, message: 'done' })
    expect(tap.commands.at(-1)).toEqual({ type: 'release', holdId: 'client-0', action: 'drop', captureId: 'proxy-1' })
    live([event({ type: 'capture-ended', captureId: 'proxy-1', reason: 'the client closed the connection', stats: null })])
    expect(useConnectionsStore.getState().byId[tabId].status.phase).toBe('closed')
  })
})

describe('backoffDelay', () => {
  it('doubles from 0.5 s to at most 30 s, ±25 % jitter', () => {
    expect([1, 2, 3, 10].map((a) => backoffDelay(a, 0.5))).toEqual([500, 1000, 2000, 30_000])
    expect(backoffDelay(1, 0)).toBe(375)
    expect(backoffDelay(1, 1)).toBe(625)
  })
})
