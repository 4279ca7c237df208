/**
 * Connection handling, outside React: opens each tab's WebSocket, turns its events into log
 * rows, timeline events and status, reconnects with backoff, sends, closes, and samples
 * bufferedAmount while data drains. Components call `engine.connect(id)` and friends and
 * render the stores this writes. Everything the browser provides (the WebSocket class,
 * timers, the clock) comes in through EngineDeps so tests drive it with a fake socket.
 */
import { encodeCloseBody } from '../../protocol/index.ts'
import type { SessionEvent } from '../../shared/session.ts'
import { clearMessages, connectionData, forgetConnection } from './connection-data.ts'
import { closedWithError, directCloseProblem, failedToOpen } from './connection-errors.ts'
import { IDLE, useConnectionsStore, type ConnectionStatus } from './connections-store.ts'
import { discardQueued, enqueue } from './ingest.ts'
import { useLogStore } from './log-store.ts'
import type { MessageInput } from './message-store.ts'
import { useSelectionStore } from './selection-store.ts'
import { publishTimeline } from './timeline-store.ts'
import { checkProtocols, checkSocketUrl } from './url-check.ts'

/** The part of the WebSocket API the engine uses. */
export interface SocketLike {
  readonly readyState: number
  readonly bufferedAmount: number
  readonly protocol: string
  readonly extensions: string
  readonly url: string
  binaryType: BinaryType
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onerror: ((event: Event) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  send(data: string | ArrayBufferView<ArrayBuffer>): void
  close(code?: number, reason?: string): void
}

export interface EngineDeps {
  createSocket: (url: string, protocols: string[]) => SocketLike
  /** ms since the epoch, fractional. */
  now: () => number
  setTimer: (callback: () => void, ms: number) => number
  clearTimer: (timer: number) => void
  random: () => number
  /** location.protocol of the page ('https:' forbids ws://). */
  pageProtocol: () => string
}

/** Reconnect delays: 0.5 s doubling to 30 s, with jitter so many tabs do not retry in step. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1))
  return Math.round(base * (0.75 + random * 0.5))
}

const SAMPLE_MS = 50

interface Live {
  socket: SocketLike
  url: string
  protocols: string[]
  opened: boolean
  /** The user disconnected or closed: no reconnect, and the close is not an error. */
  byUser: boolean
}

export class ConnectionEngine {
  private readonly live = new Map<string, Live>()
  private readonly attempts = new Map<string, number>()
  private readonly retryTimers = new Map<string, number>()
  private readonly samplers = new Map<string, number>()

  constructor(private readonly deps: EngineDeps) {}

  connect(id: string): void {
    this.cancelRetry(id)
    this.live.get(id)?.socket.close()
    this.live.delete(id)
    const { config } = useConnectionsStore.getState().byId[id]
    const url = checkSocketUrl(config.url, this.deps.pageProtocol())
    const protocols = checkProtocols(config.protocols)
    if (!url.ok || !protocols.ok) {
      this.status(id, { ...IDLE, phase: 'closed', readyState: null, error: url.ok ? (protocols as { message: string }).message : url.message })
      return
    }
    let socket: SocketLike
    try {
      socket = this.deps.createSocket(url.url, protocols.protocols)
    } catch (e) {
      this.status(id, { ...IDLE, phase: 'closed', error: `The browser refused the URL: ${(e as Error).message}` })
      return
    }
    socket.binaryType = 'arraybuffer'
    const live: Live = { socket, url: url.url, protocols: protocols.protocols, opened: false, byUser: false }
    this.live.set(id, live)
    const attempt = this.attempts.get(id) ?? 0
    this.status(id, { ...IDLE, phase: 'connecting', readyState: 0, url: url.url })
    this.event(id, 'connecting', 0, attempt ? `reconnecting to ${url.url} (attempt ${attempt})` : `connecting to ${url.url}`)
    socket.onopen = () => this.opened(id, live)
    socket.onmessage = (e) => this.received(id, live, e)
    socket.onerror = () => this.event(id, 'error', socket.readyState, live.opened ? 'error on an open connection' : 'the connection could not be established')
    socket.onclose = (e) => this.closed(id, live, e)
  }

  /** Closes normally (1000) and stops reconnecting. */
  disconnect(id: string): void {
    this.cancelRetry(id)
    this.attempts.delete(id)
    const live = this.live.get(id)
    if (!live) {
      if (useConnectionsStore.getState().byId[id]?.status.phase === 'waiting') this.status(id, { phase: 'closed', reconnect: null })
      return
    }
    if (live.socket.readyState === 0) {
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
    if (!live || live.socket.readyState !== 1) return 'Not connected: connect first.'
    live.socket.send(data)
    enqueue(id, { t: this.deps.now(), sender: 'client', type: typeof data === 'string' ? 'text' : 'binary', data, wire: this.wireFor(live) })
    this.sampleBuffered(id, live)
    return null
  }

  /** Starts the closing handshake with a chosen code and reason; returns why not, or null. */
  close(id: string, code: number, reason: string): string | null {
    const live = this.live.get(id)
    if (!live || live.socket.readyState !== 1) return 'Not connected.'
    const problem = directCloseProblem(code, reason)
    if (problem) return problem
    live.byUser = true
    this.cancelRetry(id)
    live.socket.close(code, reason)
    enqueue(id, { t: this.deps.now(), sender: 'client', type: 'close', data: encodeCloseBody(code, reason), closeCode: code, wire: 'one-frame' })
    this.status(id, { phase: 'closing', readyState: 2 })
    this.event(id, 'closing', 2, `close(${code}${reason ? `, “${reason}”` : ''}) called`, code)
    return null
  }

  /** Ends the connection for good and forgets its data (its tab was closed). */
  remove(id: string): void {
    this.cancelRetry(id)
    this.attempts.delete(id)
    const live = this.live.get(id)
    this.live.delete(id)
    if (live) {
      live.socket.onopen = live.socket.onmessage = live.socket.onerror = live.socket.onclose = null
      live.socket.close()
    }
    discardQueued(id)
    forgetConnection(id)
    useConnectionsStore.getState().remove(id)
  }

  /** Empties the connection's log; the connection stays as it is. */
  clear(id: string): void {
    discardQueued(id)
    clearMessages(id)
    useSelectionStore.getState().select(id, null)
    if (useLogStore.getState().pausedAt[id] !== undefined) useLogStore.getState().pause(id)
    useLogStore.getState().bump([id])
  }

  private opened(id: string, live: Live): void {
    live.opened = true
    this.attempts.delete(id)
    const { socket } = live
    this.status(id, { phase: 'open', readyState: 1, error: null, url: socket.url, protocol: socket.protocol, extensions: socket.extensions, openedAt: this.deps.now(), reconnect: null })
    const details = [socket.protocol && `subprotocol ${socket.protocol}`, socket.extensions && `extensions ${socket.extensions}`].filter(Boolean).join(', ')
    this.event(id, 'open', 1, details || 'no subprotocol, no extensions')
  }

  private received(id: string, live: Live, e: MessageEvent): void {
    const text = typeof e.data === 'string'
    enqueue(id, {
      t: this.deps.now(),
      sender: 'server',
      type: text ? 'text' : 'binary',
      data: text ? (e.data as string) : new Uint8Array(e.data as ArrayBuffer),
      wire: this.wireFor(live),
    })
  }

  private closed(id: string, live: Live, e: CloseEvent): void {
    if (this.live.get(id) !== live) return // an abandoned attempt closing late
    this.live.delete(id)
    const t = this.deps.now()
    if (live.opened) {
      const row: MessageInput =
        e.code === 1006 || e.code === 1015
          ? { t, sender: 'server', type: 'close', data: new Uint8Array(0), closeCode: e.code, local: true }
          : { t, sender: 'server', type: 'close', data: encodeCloseBody(e.code === 1005 ? null : e.code, e.reason), closeCode: e.code, wire: 'one-frame' }
      enqueue(id, row)
    }
    const error = live.opened ? closedWithError(e.code, e.reason, live.byUser) : live.byUser ? null : failedToOpen(live.url, live.protocols, e.code)
    this.status(id, { phase: 'closed', readyState: 3, close: { code: e.code, reason: e.reason, wasClean: e.wasClean }, error })
    this.event(id, 'closed', 3, `${e.code}${e.reason ? ` “${e.reason}”` : ''}, ${e.wasClean ? 'clean' : 'not clean'}`, e.code, e.wasClean)
    const { config } = useConnectionsStore.getState().byId[id] ?? {}
    if (config?.autoReconnect && !live.byUser) this.scheduleReconnect(id)
  }

  private scheduleReconnect(id: string): void {
    const attempt = (this.attempts.get(id) ?? 0) + 1
    this.attempts.set(id, attempt)
    const delay = backoffDelay(attempt, this.deps.random())
    this.status(id, { phase: 'waiting', reconnect: { attempt, at: this.deps.now() + delay } })
    this.event(id, 'note', null, `reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`)
    this.retryTimers.set(id, this.deps.setTimer(() => {
      this.retryTimers.delete(id)
      this.connect(id)
    }, delay))
  }

  private cancelRetry(id: string): void {
    const timer = this.retryTimers.get(id)
    if (timer !== undefined) this.deps.clearTimer(timer)
    this.retryTimers.delete(id)
  }

  /**
   * Without permessage-deflate a page's messages go out as one uncompressed frame each (as far
   * as a page can tell); with it, the browser does not reveal what was compressed.
   */
  private wireFor(live: Live): MessageInput['wire'] {
    return /permessage-deflate/i.test(live.socket.extensions) ? null : 'one-frame'
  }

  /** Records bufferedAmount every SAMPLE_MS while sent data waits to go out, then a last 0. */
  private sampleBuffered(id: string, live: Live): void {
    if (this.samplers.has(id)) return
    const sample = () => {
      const bytes = live.socket.bufferedAmount
      connectionData(id).timeline.bufferedAmount(this.deps.now(), bytes)
      if (bytes > 0 && this.live.get(id) === live) this.samplers.set(id, this.deps.setTimer(sample, SAMPLE_MS))
      else {
        this.samplers.delete(id)
        publishTimeline(id)
      }
    }
    sample()
  }

  private status(id: string, patch: Partial<ConnectionStatus>): void {
    useConnectionsStore.getState().setStatus(id, patch)
  }

  private event(id: string, kind: SessionEvent['kind'], readyState: number | null, detail: string, closeCode: number | null = null, wasClean: boolean | null = null): void {
    connectionData(id).timeline.event({ t: this.deps.now(), kind, readyState, detail, closeCode, wasClean })
    publishTimeline(id)
  }
}

export const engine = new ConnectionEngine({
  createSocket: (url, protocols) => new WebSocket(url, protocols),
  now: () => performance.timeOrigin + performance.now(),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (timer) => window.clearTimeout(timer),
  random: Math.random,
  pageProtocol: () => location.protocol,
})
