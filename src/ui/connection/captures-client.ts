/**
 * The main thread's side of the captures API: one worker-held connection shared by every
 * tapped tab, opened on first use. Tabs subscribe to their capture id before connecting
 * (so no event is missed) and get that capture's events in arrival order; commands resolve
 * with their `command-result`.
 */
import { CAPTURE_API_VERSION, capturesUrl, MAX_PAYLOAD_LIMIT, type CaptureCommand, type CommandResult } from '../../shared/capture-api.ts'
import type { CapturesCommand, CapturesReport, DecodedFrames, EventColumns, OtherEvent } from './captures-protocol.ts'
import { forEachRun, runOf, type EventRun } from './captures-columns.ts'
import type { FramesReply, FramesRequest } from './tap-frames.ts'
import { MAX_STORED_BYTES } from '../store/message-store.ts'
import { serverToken } from './server-token.ts'

/** Gets a capture's events, a run of a batch's columns at a time (and notices for every subscriber). */
type Handler = (run: EventRun) => void
type Outcome = { ok: boolean; message: string; queued: boolean }

/** A `frames` request not answered by then failed (its answer was dropped, e.g. the feed was over its bound). */
const FRAMES_TIMEOUT_MS = 10_000

export class CapturesClient {
  private worker: Worker | null = null
  private ready: Promise<void> | null = null
  private readonly handlers = new Map<string, Handler>()
  private readonly waiting = new Map<string, (outcome: Outcome) => void>()
  private readonly framesWaiting = new Map<string, (reply: FramesReply) => void>()
  private nextCommand = 0

  constructor(
    private readonly origin: () => string,
    private readonly token: () => Promise<string>,
  ) {}

  /**
   * Subscribes to a capture (payloads up to the log's own cap, frames only on demand: see
   * `frames`) and resolves once the server confirms.
   */
  async subscribe(captureId: string, handler: Handler, showSecrets = false): Promise<Outcome> {
    await this.open()
    this.handlers.set(captureId, handler)
    return this.command({
      type: 'subscribe',
      version: CAPTURE_API_VERSION,
      captureId,
      payloadLimit: Math.min(MAX_STORED_BYTES, MAX_PAYLOAD_LIMIT),
      showSecrets,
      encoding: 'binary',
      frames: 'none',
    })
  }

  /**
   * Every capture's events (subscribe '*'): `handler` gets the runs of captures no tab has
   * subscribed to itself, e.g. the connections of `wsinspect proxy`.
   */
  subscribeAll(handler: Handler): Promise<Outcome> {
    return this.subscribe('*', handler)
  }

  /** Routes one capture's events to `handler` with no new subscription (it comes with '*'). */
  listen(captureId: string, handler: Handler): void {
    this.handlers.set(captureId, handler)
  }

  unsubscribe(captureId: string): void {
    if (!this.handlers.delete(captureId)) return
    void this.command({ type: 'unsubscribe', captureId })
  }

  /** Sends a command; resolves with what the server answered (never rejects). */
  async command(command: CaptureCommand): Promise<Outcome> {
    await this.open()
    const commandId = `cmd${++this.nextCommand}`
    return new Promise((resolve) => {
      this.waiting.set(commandId, resolve)
      this.post({ type: 'send', command: { ...command, commandId } })
    })
  }

  /** Asks for kept frames of a capture; resolves with the answer, or why there is none (never rejects). */
  async frames(captureId: string, request: FramesRequest): Promise<FramesReply> {
    await this.open()
    const commandId = `frames${++this.nextCommand}`
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle({ ok: false, error: `the companion server did not answer within ${FRAMES_TIMEOUT_MS / 1000} s` }),
        FRAMES_TIMEOUT_MS,
      )
      const settle = (reply: FramesReply) => {
        clearTimeout(timer)
        this.framesWaiting.delete(commandId)
        resolve(reply)
      }
      this.framesWaiting.set(commandId, settle)
      this.post({ type: 'send', command: { type: 'frames', captureId, ...request, commandId } })
    })
  }

  private open(): Promise<void> {
    this.ready ??= new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./captures-worker.ts', import.meta.url), { type: 'module', name: 'captures' })
      this.worker = worker
      worker.onmessage = (e: MessageEvent<CapturesReport>) => {
        const report = e.data
        if (report.type === 'closed') {
          reject(new Error(`the captures connection closed: ${report.reason}`))
          this.lost(report.reason)
          return
        }
        const { columns } = report
        if (columns.others.some((event) => event.type === 'hello')) resolve()
        this.route(columns)
      }
      this.token().then(
        (token) => this.post({ type: 'connect', url: capturesUrl(this.origin(), token) }),
        (error: Error) => {
          reject(error)
          this.lost(error.message)
        },
      )
    })
    return this.ready
  }

  /** Hands each capture its runs of the batch; answers settle their commands. */
  private route(c: EventColumns): void {
    forEachRun(
      c,
      (event) => this.settles(event),
      (id, run) => {
        // Not about one capture (a 'dropped' notice): every tab hears it.
        if (id === null) for (const handler of this.handlers.values()) handler(run)
        else (this.handlers.get(id) ?? this.handlers.get('*'))?.(run)
      },
    )
  }

  /** An answer to a command or a frames request: settles it; false for any other event. */
  private settles(event: OtherEvent): boolean {
    if (event.type === 'frames' || (event.type === 'error' && event.commandId && this.framesWaiting.has(event.commandId))) {
      this.answered(event)
      return true
    }
    if (event.type !== 'command-result' && event.type !== 'error') return false
    const resolve = event.commandId ? this.waiting.get(event.commandId) : undefined
    if (event.commandId) this.waiting.delete(event.commandId)
    resolve?.(event.type === 'error' ? { ok: false, message: event.message, queued: false } : resultOf(event))
    return true
  }

  private answered(event: DecodedFrames | { type: 'error'; commandId: string | null; message: string }): void {
    const settle = event.commandId ? this.framesWaiting.get(event.commandId) : undefined
    settle?.(event.type === 'frames' ? { ok: true, answer: event } : { ok: false, error: event.message })
  }

  /** The server went away: pending commands fail, subscribers hear of it, and the next use reconnects. */
  private lost(reason: string): void {
    this.worker?.terminate()
    this.worker = null
    this.ready = null
    for (const resolve of this.waiting.values()) resolve({ ok: false, message: `the captures connection closed: ${reason}`, queued: false })
    this.waiting.clear()
    for (const settle of [...this.framesWaiting.values()]) settle({ ok: false, error: `the captures connection closed: ${reason}` })
    const handlers = [...this.handlers.values()]
    this.handlers.clear()
    for (const handler of handlers) handler(runOf([{ type: 'feed-lost', reason }]))
  }

  private post(command: CapturesCommand): void {
    this.worker!.postMessage(command)
  }
}

function resultOf(result: CommandResult): Outcome {
  return { ok: result.ok, message: result.message, queued: result.queued }
}

export const captures = new CapturesClient(() => location.origin, serverToken)
