import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import {
  CAPTURE_API_VERSION,
  DEFAULT_PAYLOAD_LIMIT,
  type CaptureEvent,
  type CaptureMode,
  type CaptureSummary,
  type CommandResult,
  type HoldAction,
  type Sender,
} from '../shared/capture-api.ts'
import { RulesStore } from './rules-store.ts'
import { parseCommand, type InjectFrame, type ValidCommand } from './capture-commands.ts'
import { redactCaptureEvent } from './capture-redaction.ts'
import { RequestRefused } from './upgrade-request.ts'

/** What a live capture can be asked to do (implemented by the tap relay). */
export interface CaptureControl {
  ping(to: Sender, payload: Uint8Array): ControlOutcome
  close(to: Sender, code: number | null, reason: string): ControlOutcome
  autoPong(enabled: boolean): ControlOutcome
  inject(to: Sender, frame: InjectFrame): ControlOutcome
  release(holdId: string, action: HoldAction, data: Uint8Array | null): ControlOutcome
  /** Nobody watches the capture any more (the inspector closed): held messages go on. */
  unwatched(): void
}

export interface ControlOutcome {
  ok: boolean
  message: string
  queued: boolean
}

/** Makes an event with payloads cut to a subscriber's limit (made once per distinct limit). */
export type EventMaker = (payloadLimit: number) => CaptureEvent

interface CaptureRecord {
  summary: CaptureSummary
  /** From start to end, the upstream handshake included. */
  live: boolean
  /** Start, handshake, upstream error and end: replayed to late subscribers. */
  kept: EventMaker[]
  /** Set while the WebSocket is open. */
  control: CaptureControl | null
}

/** Ended captures remembered for late subscribers; older ones are forgotten. */
const KEEP_ENDED = 100

export function now(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * The captures API's server side: the registry of captures and the app's subscriptions on
 * `/api/captures`. Captures publish through it without knowing who listens; nothing is built
 * for a capture nobody watches, and a subscriber that cannot keep up loses events (counted)
 * instead of making the server buffer them.
 */
export class CapturesHub {
  private readonly captures = new Map<string, CaptureRecord>()
  private readonly ended: string[] = []
  private readonly subscribers = new Set<Subscriber>()
  /** The rules every tapped connection follows; subscribers hear of each change. */
  readonly rules: RulesStore

  constructor(private readonly options: { maxMessageBytes: number; subscriberBufferBytes: number; rules?: RulesStore }) {
    this.rules = options.rules ?? new RulesStore()
    this.rules.onChange(() => {
      const text = JSON.stringify(this.rules.event(now()))
      for (const s of this.subscribers) s.send(text)
    })
  }

  /**
   * Registers a capture and publishes its start. `requestedId` comes from the client (the
   * app's own id for its connection); a live capture's id cannot be taken twice.
   */
  start(requestedId: string | null, mode: CaptureMode, target: string, client: string): string {
    const captureId = requestedId ?? `${mode}-${randomUUID()}`
    const existing = this.captures.get(captureId)
    if (existing?.live) throw new RequestRefused(409, `capture id "${captureId}" is in use by a live capture; choose another`)
    if (existing) this.forget(captureId)
    const startedAt = now()
    this.captures.set(captureId, { summary: { captureId, mode, target, startedAt }, live: true, kept: [], control: null })
    this.publish(captureId, () => ({ type: 'capture-started', captureId, t: startedAt, mode, target, client }), true)
    return captureId
  }

  /** Makes the capture's controls available (once its WebSocket is open). */
  setControl(captureId: string, control: CaptureControl): void {
    const record = this.captures.get(captureId)
    if (record) record.control = control
  }

  /** Publishes the capture's last event and keeps it among the recently ended. */
  end(captureId: string, make: EventMaker): void {
    this.publish(captureId, make, true)
    const record = this.captures.get(captureId)
    if (record) Object.assign(record, { live: false, control: null })
    this.ended.push(captureId)
    if (this.ended.length > KEEP_ENDED) this.forget(this.ended.shift()!)
  }

  /** Whether anyone would receive this capture's events (so building them is worth it). */
  isWatched(captureId: string): boolean {
    for (const s of this.subscribers) if (s.wants(captureId)) return true
    return false
  }

  /** Sends an event to the capture's subscribers; `keep` also replays it to later ones. */
  publish(captureId: string, make: EventMaker, keep = false): void {
    if (keep) this.captures.get(captureId)?.kept.push(make)
    const texts = new Map<string, string>()
    for (const s of this.subscribers) {
      if (!s.wants(captureId)) continue
      const secrets = s.showsSecrets(captureId)
      const key = `${s.payloadLimit} ${secrets}`
      let text = texts.get(key)
      if (text === undefined) texts.set(key, (text = JSON.stringify(eventFor(make, s.payloadLimit, secrets))))
      s.send(text)
    }
  }

  /** Serves one app connection to /api/captures. */
  attach(ws: WebSocket): void {
    const subscriber = new Subscriber(ws, this.options.subscriberBufferBytes)
    this.subscribers.add(subscriber)
    ws.on('close', () => {
      this.subscribers.delete(subscriber)
      for (const [id, record] of this.captures) if (record.control && subscriber.wants(id) && !this.isWatched(id)) record.control.unwatched()
    })
    ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? null : parseCommand(data.toString(), this.options.maxMessageBytes)
      if (!parsed) subscriber.sendEvent({ type: 'error', commandId: null, message: 'commands are JSON text messages, not binary' })
      else if (!parsed.ok) subscriber.sendEvent({ type: 'error', commandId: parsed.commandId, message: parsed.message })
      else {
        try {
          this.run(subscriber, parsed.command)
        } catch (e) {
          // A bug in one command must not take the server (and every capture) down.
          subscriber.sendEvent({ type: 'error', commandId: parsed.command.commandId, message: `internal error: ${(e as Error)?.message ?? e}` })
        }
      }
    })
    const live = [...this.captures.values()].filter((r) => r.live).map((r) => r.summary)
    subscriber.sendEvent(redactCaptureEvent({ type: 'hello', version: CAPTURE_API_VERSION, captures: live, maxMessageBytes: this.options.maxMessageBytes }))
    subscriber.sendEvent(this.rules.event(now()))
  }

  private run(subscriber: Subscriber, command: ValidCommand): void {
    const result = (ok: boolean, message: string, queued = false): CommandResult => ({
      type: 'command-result',
      captureId: command.captureId,
      commandId: command.commandId,
      ok,
      message,
      queued,
    })
    if (command.type === 'subscribe') {
      subscriber.subscriptions.set(command.captureId, command.showSecrets)
      subscriber.payloadLimit = command.payloadLimit
      const what = command.captureId === '*' ? 'every capture' : `capture ${command.captureId}`
      subscriber.sendEvent(result(true, `subscribed to ${what}${command.showSecrets ? ', secrets shown' : ''}`))
      for (const [id, record] of this.captures) {
        if (command.captureId !== '*' && command.captureId !== id) continue
        for (const make of record.kept) subscriber.sendEvent(eventFor(make, subscriber.payloadLimit, subscriber.showsSecrets(id)))
      }
      return
    }
    if (command.type === 'set-rules') {
      const hold = {
        ...(command.holdTimeoutMs !== null && { holdTimeoutMs: command.holdTimeoutMs }),
        ...(command.holdTimeoutAction !== null && { holdTimeoutAction: command.holdTimeoutAction }),
      }
      this.rules.set(command.rules, hold)
      subscriber.sendEvent(result(true, `${command.rules.length} rule${command.rules.length === 1 ? '' : 's'} in force`))
      return
    }
    if (command.type === 'unsubscribe') {
      subscriber.subscriptions.delete(command.captureId)
      subscriber.sendEvent(result(true, `unsubscribed from ${command.captureId}`))
      return
    }
    const control = this.captures.get(command.captureId)?.control
    if (!control) {
      subscriber.sendEvent(result(false, `capture ${command.captureId} is not live (it never started here, or it has ended)`))
      return
    }
    const outcome = perform(control, command)
    subscriber.sendEvent(result(outcome.ok, outcome.message, outcome.queued))
  }

  private forget(captureId: string): void {
    this.captures.delete(captureId)
    const i = this.ended.indexOf(captureId)
    if (i >= 0) this.ended.splice(i, 1)
  }
}

/** An event for one subscriber: its payload limit, and credentials redacted unless it asked for them. */
function eventFor(make: EventMaker, payloadLimit: number, showSecrets: boolean): CaptureEvent {
  const event = make(payloadLimit)
  return showSecrets ? event : redactCaptureEvent(event)
}

function perform(control: CaptureControl, command: Exclude<ValidCommand, { type: 'subscribe' | 'unsubscribe' | 'set-rules' }>): ControlOutcome {
  switch (command.type) {
    case 'ping':
      return control.ping(command.to, command.payload)
    case 'close':
      return control.close(command.to, command.code, command.reason)
    case 'auto-pong':
      return control.autoPong(command.enabled)
    case 'inject':
      return control.inject(command.to, command.frame)
    case 'release':
      return control.release(command.holdId, command.action, command.data)
  }
}

/** One app connection: what it subscribed to, and the bound on what may wait for it. */
class Subscriber {
  /** Capture ids (or '*') → whether this subscription shows credentials. */
  readonly subscriptions = new Map<string, boolean>()
  payloadLimit = DEFAULT_PAYLOAD_LIMIT
  private dropped = 0

  constructor(
    private readonly ws: WebSocket,
    private readonly bufferBytes: number,
  ) {}

  wants(captureId: string): boolean {
    return this.subscriptions.has('*') || this.subscriptions.has(captureId)
  }

  /** Secrets are shown only where a subscription asked for them. */
  showsSecrets(captureId: string): boolean {
    return this.subscriptions.get(captureId) ?? this.subscriptions.get('*') ?? false
  }

  sendEvent(event: CaptureEvent): void {
    this.send(JSON.stringify(event))
  }

  send(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount > this.bufferBytes) {
      this.dropped++
      return
    }
    if (this.dropped) {
      this.ws.send(JSON.stringify({ type: 'dropped', t: now(), count: this.dropped } satisfies CaptureEvent))
      this.dropped = 0
    }
    this.ws.send(text)
  }
}
