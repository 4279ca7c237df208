/**
 * Connection handling, outside React: opens each tab's WebSocket, turns its events into log
 * rows, timeline events and status, reconnects with backoff, sends, and closes. Components
 * call `engine.connect(id)` and friends and render what the tab's Connection publishes.
 * Everything comes in through EngineDeps — the connections, the tab list, the socket, the
 * tap and the clock: in the app the socket runs in a worker (app-engine.ts), in tests it is
 * a fake. What the engine holds for a connection (socket, retry timer, capture) lives on the
 * Connection as its SocketLink and ends with its dispose().
 */
import { encodeCloseBody } from '../../protocol/index.ts'
import { tapUrl, type TapSessionRequest } from '../../shared/capture-api.ts'
import type { SessionEvent } from '../../shared/session.ts'
import type { MessageInput } from '../store/message-store.ts'
import { checkProtocols, checkSocketUrl, parseHeaderLines } from './connect-input.ts'
import { currentAttempt, type Connection, type Outcome } from './connection.ts'
import { closedWithError, directCloseProblem, failedToOpen, tapFailedToOpen, violationText } from './connection-errors.ts'
import { IDLE, type ConnectionStatus } from './connections-store.ts'
import type { EngineDeps, Live, SocketLink, TapCommand } from './engine-ports.ts'
import { discardQueued, enqueue, enqueueBatch } from './ingest.ts'
import { hasMessage, othersOf, type EventRun } from './captures-columns.ts'
import { setRules } from './rules-store.ts'
import type { CloseInfo, OpenInfo } from './socket-protocol.ts'
import { TapRecorder } from './tap-recorder.ts'

/** Reconnect delays: 0.5 s doubling to 30 s, with jitter so many tabs do not retry in step. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1))
  return Math.round(base * (0.75 + random * 0.5))
}

/** Through the tap, how long the browser's own 1006 row waits for the capture's last frames to go before them. */
const LOCAL_CLOSE_WAIT_MS = 2000

/** bufferedAmount samples reach the timeline chart at most this often. */
const BUFFERED_PUBLISH_MS = 250

export class ConnectionEngine {
  /** The engine's state per connection, held only as long as the Connection itself is. */
  private readonly links = new WeakMap<Connection, SocketLink>()
  private watching = false

  constructor(private readonly deps: EngineDeps) {}

  connect(id: string): void {
    const conn = this.deps.connection(id)
    const config = this.deps.tabs.config(id)
    if (!conn || !config) return
    const link = this.link(conn)
    this.cancelRetry(link)
    this.abandon(link)
    if (link.watched) {
      link.watched = false
      this.dropCapture(link)
    }
    const serial = ++link.serial
    const url = checkSocketUrl(config.url, this.deps.pageProtocol())
    const protocols = checkProtocols(config.protocols)
    const headers = parseHeaderLines(config.mode === 'tap' ? config.headers : '')
    const problem = !url.ok ? url.error : !protocols.ok ? protocols.error : !headers.ok ? headers.error : null
    if (problem || !url.ok || !protocols.ok || !headers.ok) {
      // No attempt started: the last attempt's record stays as it was.
      this.deps.tabs.setStatus(id, { ...IDLE, phase: 'closed', error: problem })
      return
    }
    const attempt = conn.beginAttempt(this.deps.now(), url.value, config.mode === 'tap')
    if (config.mode === 'direct') return this.open(conn, url.value, protocols.value, null)
    this.status(id, { ...IDLE, phase: 'connecting', readyState: 0, url: url.value, tapped: true })
    void this.openTap(
      conn,
      serial,
      attempt,
      { target: url.value, headers: headers.value, insecure: config.insecure },
      protocols.value,
      config.showSecrets === true,
    )
  }

  /**
   * Through the tap: subscribe to a fresh capture first (so no event is missed), register the
   * headers when there are any, then open the page's socket to the tap instead of the target.
   */
  private async openTap(
    conn: Connection,
    serial: number,
    attempt: number,
    request: TapSessionRequest & { headers: [string, string][] },
    protocols: string[],
    showSecrets: boolean,
  ): Promise<void> {
    const { target, headers, insecure } = request
    const link = this.link(conn)
    const stale = () => link.serial !== serial || conn.isDisposed
    this.dropCapture(link)
    const captureId = `${conn.id}-${serial}-${Math.floor(this.deps.random() * 1e9).toString(36)}`
    link.captureId = captureId
    const recorder = new TapRecorder(conn, attempt, {
      upstreamFailed: (message) => this.upstreamFailed(conn, captureId, message),
      event: (kind, detail) => this.event(conn, kind, null, detail),
      feedLost: (message) => this.feedLost(conn, captureId, message),
      violation: () => this.violationSeen(conn, attempt),
      frames: (request) => this.deps.tap.frames(captureId, request),
    })
    const fail = (error: string) => {
      if (!stale()) this.status(conn.id, { phase: 'closed', readyState: null, error })
    }
    const origin = this.deps.tap.origin()
    let socketUrl: string
    try {
      const subscribed = await this.deps.tap.subscribe(captureId, (run) => recorder.apply(run), showSecrets)
      if (!subscribed.ok) return fail(`The companion server refused to report this connection: ${subscribed.message}`)
      if (stale()) return
      const token = await this.deps.tap.token()
      socketUrl = tapUrl(origin, { target, capture: captureId, insecure: insecure ? '1' : undefined, token })
      if (headers.length) {
        // Secrets go in a session registered by POST, never in the URL.
        const session = await this.deps.tap.session(request)
        if (!session.ok) return fail(`The companion server refused the tap session: ${session.error}`)
        const url = new URL(session.value, origin.replace(/^http/, 'ws'))
        url.searchParams.set('capture', captureId)
        url.searchParams.set('token', token)
        socketUrl = url.toString()
      }
    } catch (e) {
      return fail(`Through tap needs the wsinspect companion server, which serves this page (npm start): ${(e as Error).message}`)
    }
    if (!stale()) this.open(conn, socketUrl, protocols, { captureId, target, error: null, recorder })
  }

  private open(conn: Connection, socketUrl: string, protocols: string[], tap: Live['tap']): void {
    const { id } = conn
    const link = this.link(conn)
    const url = tap?.target ?? socketUrl
    const live = { url, protocols, opened: false, closing: false, deflate: false, byUser: false, tap } as Live
    const current = () => link.live === live
    // Through the tap the capture reports every message, both ways, as it was on the wire: the
    // socket's own copies are dropped in its worker (not packed, not posted) until the feed is lost.
    live.socket = this.deps.createSocket(
      socketUrl,
      protocols,
      {
        open: (info) => current() && this.opened(conn, live, info),
        messages: (batch) => current() && (!live.tap || live.tap.feedLost) && enqueueBatch(conn, batch, live.deflate ? null : 'one-frame'),
        error: () =>
          current() && this.event(conn, 'error', live.opened ? 1 : 0, live.opened ? 'error on an open connection' : 'the connection could not be established'),
        close: (info) => current() && this.closed(conn, live, info),
        refused: (message) => current() && this.refused(conn, live, message),
        buffered: (t, bytes) => {
          if (!current()) return
          conn.timeline.bufferedAmount(t, bytes)
          conn.publishTimeline(bytes === 0 ? 0 : BUFFERED_PUBLISH_MS)
        },
      },
      tap === null,
    )
    link.live = live
    this.status(id, { ...IDLE, phase: 'connecting', readyState: 0, url, tapped: tap !== null })
    const how = tap ? `${url} through the tap` : url
    const attempt = link.reconnectAttempts
    this.event(conn, 'connecting', 0, attempt ? `reconnecting to ${how} (attempt ${attempt})` : `connecting to ${how}`)
  }

  /** Sends a control through the tap (Ping, Close with any code, auto-pong, a crafted frame); resolves with the outcome in words. */
  async tapCommand(id: string, command: TapCommand): Promise<Outcome> {
    const conn = this.deps.connection(id)
    const link = conn && this.link(conn)
    const captureId = link?.captureId
    if (!conn || !captureId || (!link.watched && (!link.live?.tap || !link.live.opened))) return { ok: false, message: 'Connect Through tap first.' }
    const outcome = await this.deps.tap.command({ ...command, captureId } as TapCommand & { captureId: string })
    conn.setTap(outcome.ok && command.type === 'auto-pong' ? { lastResult: outcome, autoPong: command.enabled } : { lastResult: outcome })
    if (outcome.ok && command.type === 'close' && link.live) link.live.requestedClose = command.code ?? 1005
    return outcome
  }

  /**
   * Opens a tab, live, for each connection of `wsinspect proxy` (captures in mode 'proxy'):
   * the same log, frames, findings and controls as a tab's own tapped socket.
   */
  watchProxies(): void {
    if (this.watching) return
    this.watching = true
    void this.deps.tap
      .subscribeAll((run) => this.unclaimed(run))
      .then((outcome) => {
        if (!outcome.ok) this.watching = false
      })
  }

  /** Events of a capture no tab subscribed to: a new proxy connection gets a tab. */
  private unclaimed(run: EventRun): void {
    const others = othersOf(run)
    for (const e of others) if (e.type === 'rules') setRules(e)
    const started = others.find((e) => e.type === 'capture-started')
    if (started?.type !== 'capture-started' || started.mode !== 'proxy') return
    // A capture that ended before the app subscribed and left no messages in its backlog: nothing to show.
    if (others.some((e) => e.type === 'capture-ended') && !hasMessage(run)) return
    const id = this.deps.tabs.addWatched(started.target, started.t)
    const conn = this.deps.connection(id)
    if (!conn) return
    const link = this.link(conn)
    const { captureId } = started
    link.captureId = captureId
    link.watched = true
    const recorder = new TapRecorder(conn, conn.beginAttempt(started.t, started.target, true), {
      upstreamFailed: (message) => {
        this.status(id, { phase: 'closed', readyState: 3, error: message })
        this.event(conn, 'error', 3, message)
      },
      event: (kind, detail) => this.event(conn, kind, null, detail),
      violation: () => {},
      frames: (request) => this.deps.tap.frames(captureId, request),
      feedLost: (message) => {
        link.watched = false
        link.captureId = null
        this.status(id, { phase: 'closed', readyState: 3, error: message })
      },
    })
    const handle = (run: EventRun) => {
      if (conn.isDisposed) return
      recorder.apply(run)
      if (othersOf(run).some((e) => e.type === 'capture-ended')) this.status(id, { phase: 'closed', readyState: 3, error: null })
    }
    this.deps.tap.listen(captureId, handle)
    handle(run)
  }

  /** Closes normally (1000) and stops reconnecting. */
  disconnect(id: string): void {
    const conn = this.deps.connection(id)
    if (!conn) return
    const link = this.link(conn)
    this.cancelRetry(link)
    link.reconnectAttempts = 0
    const { live } = link
    if (!live) {
      if (this.deps.tabs.status(id)?.phase === 'waiting') this.status(id, { phase: 'closed', reconnect: null })
      return
    }
    if (!live.opened) {
      // Nothing to close yet: abandon the attempt (the browser reports it as 1006).
      live.byUser = true
      live.socket.close()
      return
    }
    this.close(id, 1000, '')
  }

  /** Sends a text or binary message; returns why it could not, or null. */
  send(id: string, data: string | Uint8Array<ArrayBuffer>): string | null {
    const conn = this.deps.connection(id)
    const live = conn && this.link(conn).live
    if (!conn || !live?.opened || live.closing) return 'Not connected: connect first.'
    live.socket.send(data)
    if (!live.tap)
      enqueue(conn, { t: this.deps.now(), sender: 'client', type: typeof data === 'string' ? 'text' : 'binary', data, wire: live.deflate ? null : 'one-frame' })
    return null
  }

  /** Starts the closing handshake with a chosen code and reason; returns why not, or null. */
  close(id: string, code: number, reason: string): string | null {
    const conn = this.deps.connection(id)
    const link = conn && this.link(conn)
    const live = link?.live
    if (!conn || !link || !live?.opened || live.closing) return 'Not connected.'
    const problem = directCloseProblem(code, reason)
    if (problem) return problem
    live.byUser = true
    live.requestedClose = code
    live.closing = true
    this.cancelRetry(link)
    live.socket.close(code, reason)
    if (!live.tap)
      enqueue(conn, { t: this.deps.now(), sender: 'client', type: 'close', data: encodeCloseBody(code, reason), closeCode: code, wire: 'one-frame' })
    this.status(id, { phase: 'closing', readyState: 2 })
    this.event(conn, 'closing', 2, `close(${code}${reason ? `, “${reason}”` : ''}) called`, code)
    return null
  }

  /** Empties the connection's log; the connection stays as it is. */
  clear(id: string): void {
    const conn = this.deps.connection(id)
    if (!conn) return
    discardQueued(conn)
    conn.clear()
  }

  /** Ends the connection for good: its tab closes and its Connection is disposed (socket included). */
  remove(id: string): void {
    this.deps.tabs.remove(id)
  }

  /**
   * The engine's state for a connection, made on first use; the connection's dispose() closes
   * the socket, cancels the retry and drops the capture subscription.
   */
  private link(conn: Connection): SocketLink {
    let link = this.links.get(conn)
    if (!link) {
      const made: SocketLink = { live: null, reconnectAttempts: 0, retryTimer: null, serial: 0, captureId: null, watched: false }
      this.links.set(conn, made)
      conn.onDispose(() => {
        this.cancelRetry(made)
        this.abandon(made)
        this.dropCapture(made)
        discardQueued(conn)
      })
      link = made
    }
    return link
  }

  /** Drops the current socket without waiting for its events (they are ignored from now on). */
  private abandon(link: SocketLink): void {
    const { live } = link
    link.live = null
    if (!live) return
    live.socket.close()
    live.socket.dispose()
  }

  private opened(conn: Connection, live: Live, info: OpenInfo): void {
    live.opened = true
    live.deflate = /permessage-deflate/i.test(info.extensions)
    this.link(conn).reconnectAttempts = 0
    this.status(conn.id, {
      phase: 'open',
      readyState: 1,
      error: null,
      url: live.url,
      protocol: info.protocol,
      extensions: info.extensions,
      openedAt: this.deps.now(),
      reconnect: null,
    })
    const details = [info.protocol && `subprotocol ${info.protocol}`, info.extensions && `extensions ${info.extensions}`].filter(Boolean).join(', ')
    this.event(conn, 'open', 1, details || 'no subprotocol, no extensions')
  }

  private closed(conn: Connection, live: Live, e: CloseInfo): void {
    this.link(conn).live = null
    live.socket.dispose()
    const t = this.deps.now()
    const local = e.code === 1006 || e.code === 1015
    // A Close frame that crossed the tap is in the capture; one the browser made up is not.
    if (live.opened && (local || !live.tap)) {
      const row: MessageInput = local
        ? { t, sender: 'server', type: 'close', data: new Uint8Array(0), closeCode: e.code, local: true }
        : { t, sender: 'server', type: 'close', data: encodeCloseBody(e.code === 1005 ? null : e.code, e.reason), closeCode: e.code, wire: 'one-frame' }
      const tapped = local && live.tap && !live.tap.feedLost ? live.tap.recorder : null
      if (tapped) {
        tapped.afterCapture(row)
        this.deps.setTimer(() => tapped.releaseLocalClose(), LOCAL_CLOSE_WAIT_MS)
      } else enqueue(conn, row)
    }
    const violation = live.tap ? currentAttempt(conn.view.getState())?.violation : null
    const error = violation
      ? violationText(violation)
      : live.opened
        ? closedWithError(e.code, e.reason, live.requestedClose ?? (live.byUser ? 1000 : null), live.tap !== null && !live.tap.feedLost)
        : live.byUser
          ? null
          : live.tap
            ? (live.tap.error ?? tapFailedToOpen(live.url, e.code))
            : failedToOpen(live.url, live.protocols, e.code)
    this.status(conn.id, { phase: 'closed', readyState: 3, close: e, error })
    this.event(conn, 'closed', 3, `${e.code}${e.reason ? ` “${e.reason}”` : ''}, ${e.wasClean ? 'clean' : 'not clean'}`, e.code, e.wasClean)
    if (this.deps.tabs.config(conn.id)?.autoReconnect && !live.byUser) this.scheduleReconnect(conn)
  }

  private refused(conn: Connection, live: Live, message: string): void {
    this.link(conn).live = null
    live.socket.dispose()
    this.status(conn.id, { ...IDLE, phase: 'closed', error: `The browser refused to open the connection: ${message}` })
    this.event(conn, 'error', 3, message)
  }

  /** The tap explains why it could not reach the target; it may say so before or after the socket closes. */
  private upstreamFailed(conn: Connection, captureId: string, message: string): void {
    const link = this.link(conn)
    if (link.captureId !== captureId) return
    const { live } = link
    if (live?.tap) live.tap.error = message
    if (!live?.opened) this.status(conn.id, { error: message })
    this.event(conn, 'error', null, message)
  }

  /**
   * Through the tap, a violation (or the answer to it) reported after the page's socket closed:
   * the banner names it instead of the generic close text. While the socket is open, closed() will.
   */
  private violationSeen(conn: Connection, attempt: number): void {
    const violation = conn.attempt(attempt)?.violation
    if (!violation || currentAttempt(conn.view.getState())?.number !== attempt || this.link(conn).live) return
    if (this.deps.tabs.status(conn.id)?.phase === 'closed') this.status(conn.id, { error: violationText(violation) })
  }

  private feedLost(conn: Connection, captureId: string, message: string): void {
    const link = this.link(conn)
    if (link.captureId !== captureId) return
    link.captureId = null
    // The page's own socket still works: its messages go on into the log, as in Direct mode.
    if (link.live?.tap) {
      link.live.tap.feedLost = true
      link.live.socket.deliverMessages()
    }
    this.status(conn.id, { error: message })
    this.event(conn, 'error', null, message)
  }

  private dropCapture(link: SocketLink): void {
    if (link.captureId) this.deps.tap.unsubscribe(link.captureId)
    link.captureId = null
  }

  private scheduleReconnect(conn: Connection): void {
    const link = this.link(conn)
    const attempt = ++link.reconnectAttempts
    const delay = backoffDelay(attempt, this.deps.random())
    this.status(conn.id, { phase: 'waiting', reconnect: { attempt, at: this.deps.now() + delay } })
    this.event(conn, 'note', null, `reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`)
    link.retryTimer = this.deps.setTimer(() => {
      link.retryTimer = null
      this.connect(conn.id)
    }, delay)
  }

  private cancelRetry(link: SocketLink): void {
    if (link.retryTimer !== null) this.deps.clearTimer(link.retryTimer)
    link.retryTimer = null
  }

  /** The tab's status; an error also stays with the current attempt, for looking back at it. */
  private status(id: string, patch: Partial<ConnectionStatus>): void {
    this.deps.tabs.setStatus(id, patch)
    if (patch.error) this.deps.connection(id)?.attemptFailed(patch.error)
  }

  private event(
    conn: Connection,
    kind: SessionEvent['kind'],
    readyState: number | null,
    detail: string,
    closeCode: number | null = null,
    wasClean: boolean | null = null,
  ): void {
    conn.timeline.event({ t: this.deps.now(), kind, readyState, detail, closeCode, wasClean })
    conn.publishTimeline()
  }
}
