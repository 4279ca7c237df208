/**
 * Connection handling, outside React: opens each tab's WebSocket, turns its events into log
 * rows, timeline events and status, reconnects with backoff, sends, and closes. Components
 * call `engine.connect(id)` and friends and render the stores this writes. The socket and
 * the clock come in through EngineDeps: in the app the socket runs in a worker
 * (worker-socket.ts), in tests it is a fake.
 */
import { encodeCloseBody } from '../../protocol/index.ts'
import { tapUrl, type TapSessionRequest } from '../../shared/capture-api.ts'
import type { SessionEvent } from '../../shared/session.ts'
import { clearMessages, connectionData, forgetConnection } from './connection-data.ts'
import { closedWithError, directCloseProblem, failedToOpen, tapFailedToOpen } from './connection-errors.ts'
import { IDLE, useConnectionsStore, type ConnectionStatus } from './connections-store.ts'
import { discardQueued, enqueue, enqueueBatch } from './ingest.ts'
import { useLogStore } from './log-store.ts'
import type { MessageInput } from '../store/message-store.ts'
import { useSelectionStore } from './selection-store.ts'
import type { CloseInfo, OpenInfo } from './socket-protocol.ts'
import { TapRecorder } from './tap-recorder.ts'
import { setTap } from './tap-store.ts'
import { browserTap } from './tap-deps.ts'
import { publishTimeline } from './timeline-store.ts'
import { checkProtocols, checkSocketUrl, parseHeaderLines } from './connect-input.ts'
import { createWorkerSocket } from './worker-socket.ts'
import type { EngineDeps, Outcome, SocketLike, TapCommand } from './engine-ports.ts'


/** Reconnect delays: 0.5 s doubling to 30 s, with jitter so many tabs do not retry in step. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1))
  return Math.round(base * (0.75 + random * 0.5))
}

/** bufferedAmount samples reach the timeline chart at most this often. */
const BUFFERED_PUBLISH_MS = 250

interface Live {
  socket: SocketLike
  url: string
  protocols: string[]
  opened: boolean
  closing: boolean
  /** Negotiated permessage-deflate: a page cannot know what its messages took on the wire. */
  deflate: boolean
  /** The user disconnected or closed: no reconnect, and the close is not an error. */
  byUser: boolean
  /** Through the tap: the log comes from the capture, not from the socket (until the capture feed is lost). */
  tap: { captureId: string; target: string; error: string | null; feedLost?: boolean } | null
}

export class ConnectionEngine {
  private readonly live = new Map<string, Live>()
  /** Reconnects tried since the last open. */
  private readonly reconnectAttempts = new Map<string, number>()
  private readonly retryTimers = new Map<string, number>()
  /** Each connect() gets a serial number; an asynchronous tap setup gives up when it is no longer the latest. */
  private readonly serials = new Map<string, number>()
  /** The capture each tapped tab listens to, until it connects again or is removed. */
  private readonly captureIds = new Map<string, string>()

  constructor(private readonly deps: EngineDeps) {}

  connect(id: string): void {
    this.cancelRetry(id)
    this.abandon(id)
    const serial = (this.serials.get(id) ?? 0) + 1
    this.serials.set(id, serial)
    const { config } = useConnectionsStore.getState().byId[id]
    const url = checkSocketUrl(config.url, this.deps.pageProtocol())
    const protocols = checkProtocols(config.protocols)
    const headers = parseHeaderLines(config.mode === 'tap' ? config.headers : '')
    const problem = !url.ok ? url.message : !protocols.ok ? protocols.message : !headers.ok ? headers.message : null
    if (problem || !url.ok || !protocols.ok || !headers.ok) {
      this.status(id, { ...IDLE, phase: 'closed', error: problem })
      return
    }
    if (config.mode === 'direct') return this.open(id, url.url, protocols.protocols, null)
    this.status(id, { ...IDLE, phase: 'connecting', readyState: 0, url: url.url, tapped: true })
    void this.openTap(id, serial, { target: url.url, headers: headers.headers, insecure: config.insecure }, protocols.protocols)
  }

  /**
   * Through the tap: subscribe to a fresh capture first (so no event is missed), register the
   * headers when there are any, then open the page's socket to the tap instead of the target.
   */
  private async openTap(id: string, serial: number, request: TapSessionRequest & { headers: [string, string][] }, protocols: string[]): Promise<void> {
    const { target, headers, insecure } = request
    const stale = () => this.serials.get(id) !== serial
    this.dropCapture(id)
    const captureId = `${id}-${serial}-${Math.floor(this.deps.random() * 1e9).toString(36)}`
    this.captureIds.set(id, captureId)
    const recorder = new TapRecorder(id, {
      upstreamFailed: (message) => this.upstreamFailed(id, captureId, message),
      event: (kind, detail) => this.event(id, kind, null, detail),
      feedLost: (message) => this.feedLost(id, captureId, message),
    })
    const fail = (error: string) => {
      if (!stale()) this.status(id, { phase: 'closed', readyState: null, error })
    }
    const origin = this.deps.tap.origin()
    let socketUrl = tapUrl(origin, { target, capture: captureId, insecure: insecure ? '1' : undefined })
    try {
      const subscribed = await this.deps.tap.subscribe(captureId, (events) => recorder.apply(events))
      if (!subscribed.ok) return fail(`The companion server refused to report this connection: ${subscribed.message}`)
      if (stale()) return
      if (headers.length) {
        // Secrets go in a session registered by POST, never in the URL.
        const session = await this.deps.tap.session(request)
        if (!session.ok) return fail(`The companion server refused the tap session: ${session.message}`)
        const url = new URL(session.path, origin.replace(/^http/, 'ws'))
        url.searchParams.set('capture', captureId)
        socketUrl = url.toString()
      }
    } catch (e) {
      return fail(`Through tap needs the wsinspect companion server, which serves this page (npm start): ${(e as Error).message}`)
    }
    if (!stale()) this.open(id, socketUrl, protocols, { captureId, target, error: null })
  }

  private open(id: string, socketUrl: string, protocols: string[], tap: Live['tap']): void {
    const url = tap?.target ?? socketUrl
    const live = { url, protocols, opened: false, closing: false, deflate: false, byUser: false, tap } as Live
    const current = () => this.live.get(id) === live
    live.socket = this.deps.createSocket(socketUrl, protocols, {
      open: (info) => current() && this.opened(id, live, info),
      // Through the tap the capture reports every message, both ways, as it was on the wire.
      messages: (batch) => current() && (!live.tap || live.tap.feedLost) && enqueueBatch(id, batch, live.deflate ? null : 'one-frame'),
      error: () => current() && this.event(id, 'error', live.opened ? 1 : 0, live.opened ? 'error on an open connection' : 'the connection could not be established'),
      close: (info) => current() && this.closed(id, live, info),
      refused: (message) => current() && this.refused(id, live, message),
      buffered: (t, bytes) => {
        connectionData(id).timeline.bufferedAmount(t, bytes)
        publishTimeline(id, bytes === 0 ? 0 : BUFFERED_PUBLISH_MS)
      },
    })
    this.live.set(id, live)
    const attempt = this.reconnectAttempts.get(id) ?? 0
    this.status(id, { ...IDLE, phase: 'connecting', readyState: 0, url, tapped: tap !== null })
    const how = tap ? `${url} through the tap` : url
    this.event(id, 'connecting', 0, attempt ? `reconnecting to ${how} (attempt ${attempt})` : `connecting to ${how}`)
  }

  /** Sends a control through the tap (Ping, Close with any code, auto-pong, a crafted frame); resolves with the outcome in words. */
  async tapCommand(id: string, command: TapCommand): Promise<Outcome> {
    const captureId = this.captureIds.get(id)
    const live = this.live.get(id)
    if (!captureId || !live?.tap || !live.opened) return { ok: false, message: 'Connect Through tap first.' }
    const outcome = await this.deps.tap.command({ ...command, captureId } as TapCommand & { captureId: string })
    setTap('lastResult', id, outcome)
    if (outcome.ok && command.type === 'auto-pong') setTap('autoPong', id, command.enabled)
    return outcome
  }

  /** Closes normally (1000) and stops reconnecting. */
  disconnect(id: string): void {
    this.cancelRetry(id)
    this.reconnectAttempts.delete(id)
    const live = this.live.get(id)
    if (!live) {
      if (useConnectionsStore.getState().byId[id]?.status.phase === 'waiting') this.status(id, { phase: 'closed', reconnect: null })
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
    const live = this.live.get(id)
    if (!live?.opened || live.closing) return 'Not connected: connect first.'
    live.socket.send(data)
    if (!live.tap) enqueue(id, { t: this.deps.now(), sender: 'client', type: typeof data === 'string' ? 'text' : 'binary', data, wire: live.deflate ? null : 'one-frame' })
    return null
  }

  /** Starts the closing handshake with a chosen code and reason; returns why not, or null. */
  close(id: string, code: number, reason: string): string | null {
    const live = this.live.get(id)
    if (!live?.opened || live.closing) return 'Not connected.'
    const problem = directCloseProblem(code, reason)
    if (problem) return problem
    live.byUser = true
    live.closing = true
    this.cancelRetry(id)
    live.socket.close(code, reason)
    if (!live.tap) enqueue(id, { t: this.deps.now(), sender: 'client', type: 'close', data: encodeCloseBody(code, reason), closeCode: code, wire: 'one-frame' })
    this.status(id, { phase: 'closing', readyState: 2 })
    this.event(id, 'closing', 2, `close(${code}${reason ? `, “${reason}”` : ''}) called`, code)
    return null
  }

  /** Empties the connection's log; the connection stays as it is. */
  clear(id: string): void {
    discardQueued(id)
    clearMessages(id)
    useSelectionStore.getState().select(id, null)
    if (useLogStore.getState().pausedAt[id] !== undefined) useLogStore.getState().pause(id)
    useLogStore.getState().bump([id])
  }

  /** Ends the connection for good and forgets its data (its tab was closed). */
  remove(id: string): void {
    this.cancelRetry(id)
    this.reconnectAttempts.delete(id)
    this.abandon(id)
    this.dropCapture(id)
    this.serials.delete(id)
    discardQueued(id)
    forgetConnection(id)
    useConnectionsStore.getState().remove(id)
  }

  /** Drops the current socket without waiting for its events (they are ignored from now on). */
  private abandon(id: string): void {
    const live = this.live.get(id)
    this.live.delete(id)
    if (!live) return
    live.socket.close()
    live.socket.dispose()
  }

  private opened(id: string, live: Live, info: OpenInfo): void {
    live.opened = true
    live.deflate = /permessage-deflate/i.test(info.extensions)
    this.reconnectAttempts.delete(id)
    this.status(id, { phase: 'open', readyState: 1, error: null, url: live.url, protocol: info.protocol, extensions: info.extensions, openedAt: this.deps.now(), reconnect: null })
    const details = [info.protocol && `subprotocol ${info.protocol}`, info.extensions && `extensions ${info.extensions}`].filter(Boolean).join(', ')
    this.event(id, 'open', 1, details || 'no subprotocol, no extensions')
  }

  private closed(id: string, live: Live, e: CloseInfo): void {
    this.live.delete(id)
    live.socket.dispose()
    const t = this.deps.now()
    const local = e.code === 1006 || e.code === 1015
    // A Close frame that crossed the tap is in the capture; one the browser made up is not.
    if (live.opened && (local || !live.tap)) {
      const row: MessageInput = local
        ? { t, sender: 'server', type: 'close', data: new Uint8Array(0), closeCode: e.code, local: true }
        : { t, sender: 'server', type: 'close', data: encodeCloseBody(e.code === 1005 ? null : e.code, e.reason), closeCode: e.code, wire: 'one-frame' }
      enqueue(id, row)
    }
    const error = live.opened
      ? closedWithError(e.code, e.reason, live.byUser)
      : live.byUser
        ? null
        : live.tap
          ? (live.tap.error ?? tapFailedToOpen(live.url, e.code))
          : failedToOpen(live.url, live.protocols, e.code)
    this.status(id, { phase: 'closed', readyState: 3, close: e, error })
    this.event(id, 'closed', 3, `${e.code}${e.reason ? ` “${e.reason}”` : ''}, ${e.wasClean ? 'clean' : 'not clean'}`, e.code, e.wasClean)
    const { config } = useConnectionsStore.getState().byId[id] ?? {}
    if (config?.autoReconnect && !live.byUser) this.scheduleReconnect(id)
  }

  private refused(id: string, live: Live, message: string): void {
    this.live.delete(id)
    live.socket.dispose()
    this.status(id, { ...IDLE, phase: 'closed', error: `The browser refused to open the connection: ${message}` })
    this.event(id, 'error', 3, message)
  }

  /** The tap explains why it could not reach the target; it may say so before or after the socket closes. */
  private upstreamFailed(id: string, captureId: string, message: string): void {
    if (this.captureIds.get(id) !== captureId) return
    const live = this.live.get(id)
    if (live?.tap) live.tap.error = message
    if (!live?.opened) this.status(id, { error: message })
    this.event(id, 'error', null, message)
  }

  private feedLost(id: string, captureId: string, message: string): void {
    if (this.captureIds.get(id) !== captureId) return
    this.captureIds.delete(id)
    // The page's own socket still works: its messages go on into the log, as in Direct mode.
    const live = this.live.get(id)
    if (live?.tap) live.tap.feedLost = true
    this.status(id, { error: message })
    this.event(id, 'error', null, message)
  }

  private dropCapture(id: string): void {
    const captureId = this.captureIds.get(id)
    if (captureId) this.deps.tap.unsubscribe(captureId)
    this.captureIds.delete(id)
  }

  private scheduleReconnect(id: string): void {
    const attempt = (this.reconnectAttempts.get(id) ?? 0) + 1
    this.reconnectAttempts.set(id, attempt)
    const delay = backoffDelay(attempt, this.deps.random())
    this.status(id, { phase: 'waiting', reconnect: { attempt, at: this.deps.now() + delay } })
    this.event(id, 'note', null, `reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`)
    this.retryTimers.set(
      id,
      this.deps.setTimer(() => {
        this.retryTimers.delete(id)
        this.connect(id)
      }, delay),
    )
  }

  private cancelRetry(id: string): void {
    const timer = this.retryTimers.get(id)
    if (timer !== undefined) this.deps.clearTimer(timer)
    this.retryTimers.delete(id)
  }

  private status(id: string, patch: Partial<ConnectionStatus>): void {
    useConnectionsStore.getState().setStatus(id, patch)
  }

  private event(id: string, kind: SessionEvent['kind'], readyState: number | null, detail: string, closeCode: number | null = null, wasClean: boolean | null = null): void {
    connectionData(id).timeline.event({ t: this.deps.now(), kind, readyState, detail, closeCode, wasClean })
    publishTimeline(id)
  }
}

const timeOrigin = typeof performance === 'undefined' ? 0 : performance.timeOrigin

export const engine = new ConnectionEngine({
  createSocket: createWorkerSocket,
  tap: browserTap,
  now: () => timeOrigin + performance.now(),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (timer) => window.clearTimeout(timer),
  random: Math.random,
  pageProtocol: () => location.protocol,
})
