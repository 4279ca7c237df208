import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import { encodeBase64, type FrameJson } from '../protocol/index.ts'
import {
  BACKLOG_BYTES,
  BACKLOG_EVENTS,
  bytesToJson,
  CAPTURE_API_VERSION,
  DEFAULT_PAYLOAD_LIMIT,
  FEED_FLUSH_BYTES,
  FEED_FLUSH_MS,
  MAX_FRAMES_ANSWER_BYTES,
  type CaptureEvent,
  type CaptureFrames,
  type FeedEncoding,
  type FeedFrames,
  type CaptureMode,
  type CaptureSummary,
  type CommandResult,
  type HoldAction,
  type Sender,
} from '../shared/capture-api.ts'
import { CaptureBatchEncoder, type FeedEvent, type FeedFrame, type FeedFramesAnswer, type FeedMessage, type FeedRecord } from '../shared/capture-batch.ts'
import { FrameKeep, frameJsonOf, type FrameKeepBounds, type FramesLookup } from './capture-frames.ts'
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

/**
 * What a capture publishes: a frame or message with all its bytes (cut per subscriber), or
 * another event made per subscriber. A frame also carries its header's fields for JSON.
 */
export type Publication = { record: FeedFrame; fields: FrameJson } | { record: FeedMessage } | EventMaker

interface CaptureRecord {
  summary: CaptureSummary
  /** From start to end, the upstream handshake included. */
  live: boolean
  /** Start, handshake and upstream error: replayed to late subscribers. */
  kept: EventMaker[]
  /** The capture's end, replayed last. */
  ended: EventMaker | null
  /** Events published while nobody watched, for the first subscriber (bounded). */
  backlog: Publication[]
  backlogBytes: number
  /** Events not kept in the backlog, and their bytes. */
  backlogDropped: { count: number; bytes: number }
  /** Set while the WebSocket is open. */
  control: CaptureControl | null
}

/** Ended captures remembered for late subscribers; older ones are forgotten. */
const KEEP_ENDED = 100
/** What every capture's backlog may hold together. */
const BACKLOG_TOTAL_BYTES = 32 * 1024 * 1024

export function now(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * The captures API's server side: the registry of captures and the app's subscriptions on
 * `/api/captures`. Captures publish through it without knowing who listens; what nobody
 * watches goes to the capture's bounded backlog, and a subscriber that cannot keep up loses
 * events (counted) instead of making the server buffer them.
 */
export class CapturesHub {
  private readonly captures = new Map<string, CaptureRecord>()
  private readonly ended: string[] = []
  private readonly subscribers = new Set<Subscriber>()
  private backlogBytes = 0
  /** Every capture's latest frames, for subscribers that ask for the ones they show. */
  readonly frames: FrameKeep
  /** The rules every tapped connection follows; subscribers hear of each change. */
  readonly rules: RulesStore

  constructor(private readonly options: { maxMessageBytes: number; subscriberBufferBytes: number; rules?: RulesStore; frameBounds?: FrameKeepBounds }) {
    this.rules = options.rules ?? new RulesStore()
    this.frames = new FrameKeep(options.frameBounds)
    this.rules.onChange(() => {
      const event = this.rules.event(now())
      const texts = new TextCache()
      for (const s of this.subscribers) s.deliver(() => event, false, texts)
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
    this.captures.set(captureId, {
      summary: { captureId, mode, target, startedAt },
      live: true,
      kept: [],
      ended: null,
      backlog: [],
      backlogBytes: 0,
      backlogDropped: { count: 0, bytes: 0 },
      control: null,
    })
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
    const record = this.captures.get(captureId)
    if (record) Object.assign(record, { live: false, control: null, ended: make })
    this.publish(captureId, make)
    this.ended.push(captureId)
    if (this.ended.length > KEEP_ENDED) this.forget(this.ended.shift()!)
  }

  /** Whether anyone receives this capture's events now. */
  isWatched(captureId: string): boolean {
    for (const s of this.subscribers) if (s.wants(captureId)) return true
    return false
  }

  /** Sends an event to the capture's subscribers, or to its backlog when there are none; `keep` also replays it to later ones. */
  publish(captureId: string, publication: Publication, keep = false): void {
    const record = this.captures.get(captureId)
    if (keep) record?.kept.push(publication as EventMaker)
    if (typeof publication !== 'function' && publication.record.type === 'frame' && record) this.frames.add(publication.record)
    const texts = new TextCache()
    let watched = false
    for (const s of this.subscribers) {
      if (!s.wants(captureId)) continue
      watched = true
      s.deliver(publication, s.showsSecrets(captureId), texts)
    }
    if (!watched && !keep && record?.live) this.toBacklog(record, publication)
  }

  /** Keeps an unwatched event, dropping the capture's oldest ones past its bounds (and the hub's). */
  private toBacklog(record: CaptureRecord, publication: Publication): void {
    if (publicationBytes(publication) > BACKLOG_BYTES) {
      // Too big to keep at all: counted without copying it first.
      record.backlogDropped.count++
      record.backlogDropped.bytes += publicationBytes(publication)
      return
    }
    const kept = typeof publication === 'function' ? made(publication) : copyBytes(publication)
    const bytes = publicationBytes(kept)
    record.backlog.push(kept)
    record.backlogBytes += bytes
    this.backlogBytes += bytes
    while (
      record.backlog.length &&
      (record.backlog.length > BACKLOG_EVENTS || record.backlogBytes > BACKLOG_BYTES || this.backlogBytes > BACKLOG_TOTAL_BYTES)
    ) {
      const dropped = publicationBytes(record.backlog.shift()!)
      record.backlogBytes -= dropped
      this.backlogBytes -= dropped
      record.backlogDropped.count++
      record.backlogDropped.bytes += dropped
    }
  }

  /** Hands a capture's history to a new subscriber: start and handshake, the backlog (then emptied), the end. */
  private replay(subscriber: Subscriber, captureId: string, record: CaptureRecord): void {
    const secrets = subscriber.showsSecrets(captureId)
    for (const make of record.kept) subscriber.deliver(make, secrets, new TextCache())
    const { count, bytes } = record.backlogDropped
    if (count) subscriber.sendEvent({ type: 'backlog-dropped', captureId, t: now(), count, bytes })
    for (const publication of record.backlog) subscriber.deliver(publication, secrets, new TextCache())
    this.backlogBytes -= record.backlogBytes
    Object.assign(record, { backlog: [], backlogBytes: 0, backlogDropped: { count: 0, bytes: 0 } })
    if (record.ended) subscriber.deliver(record.ended, secrets, new TextCache())
  }

  /** Serves one app connection to /api/captures. */
  attach(ws: WebSocket): void {
    const subscriber = new Subscriber(ws, this.options.subscriberBufferBytes)
    this.subscribers.add(subscriber)
    ws.on('close', () => {
      subscriber.close()
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
      subscriber.flush()
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
      // Captures that had no subscriber before this one: they hand over their backlog.
      const fresh = [...this.captures].filter(([id]) => (command.captureId === '*' || command.captureId === id) && !this.isWatched(id))
      subscriber.subscriptions.set(command.captureId, command.showSecrets)
      subscriber.flush()
      Object.assign(subscriber, { payloadLimit: command.payloadLimit, encoding: command.encoding, frames: command.frames })
      const what = command.captureId === '*' ? 'every capture' : `capture ${command.captureId}`
      subscriber.sendEvent(result(true, `subscribed to ${what}${command.showSecrets ? ', secrets shown' : ''}`))
      for (const [id, record] of this.captures) {
        if (command.captureId !== '*' && command.captureId !== id) continue
        if (fresh.some(([f]) => f === id)) this.replay(subscriber, id, record)
        else
          for (const make of [...record.kept, ...(record.ended ? [record.ended] : [])]) subscriber.deliver(make, subscriber.showsSecrets(id), new TextCache())
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
    if (command.type === 'frames') {
      const { captureId, sender, select } = command
      const lookup = 'offset' in select ? this.frames.at(captureId, sender, select.offset) : this.frames.range(captureId, sender, select.from, select.to)
      subscriber.sendFrames({ type: 'frames', captureId, commandId: command.commandId, sender, ...lookup })
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
    this.backlogBytes -= this.captures.get(captureId)?.backlogBytes ?? 0
    this.frames.forget(captureId)
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

function perform(control: CaptureControl, command: Exclude<ValidCommand, { type: 'subscribe' | 'unsubscribe' | 'set-rules' | 'frames' }>): ControlOutcome {
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

type FramesAnswer = { type: 'frames'; captureId: string; commandId: string | null; sender: Sender } & FramesLookup

/** JSON texts made for one publication, shared by subscribers with the same limit and secrets. */
class TextCache extends Map<string, string> {}

/** A copy whose bytes no longer alias the tap's buffers (for the backlog). */
function copyBytes(publication: Exclude<Publication, EventMaker>): Publication {
  if ('fields' in publication) return { record: { ...publication.record, payload: publication.record.payload.slice() }, fields: publication.fields }
  return { record: { ...publication.record, data: publication.record.data.slice() } }
}

/** An event made once, with payloads up to the backlog's own bound, so it holds no buffer of the tap's. */
function made(make: EventMaker): EventMaker {
  const event = make(BACKLOG_BYTES)
  const bytes = JSON.stringify(event).length
  return Object.assign(() => event, { bytes })
}

function publicationBytes(publication: Publication): number {
  if (typeof publication === 'function') return (publication as { bytes?: number }).bytes ?? 0
  return publication.record.type === 'frame' ? publication.record.payload.length : publication.record.data.length
}

/** A frame or message as one JSON event. */
function jsonOf(publication: Exclude<Publication, EventMaker>, limit: number): CaptureEvent {
  if ('fields' in publication) {
    const { header, payload, ...rest } = publication.record
    return { ...rest, ...publication.fields, header: encodeBase64(header), payload: bytesToJson(payload, limit) }
  }
  const { data, size: _size, ...rest } = publication.record
  return { ...rest, data: bytesToJson(data, limit) }
}

/** One app connection: what it subscribed to, how it reads events, and the bound on what may wait for it. */
class Subscriber {
  /** Capture ids (or '*') → whether this subscription shows credentials. */
  readonly subscriptions = new Map<string, boolean>()
  payloadLimit = DEFAULT_PAYLOAD_LIMIT
  encoding: FeedEncoding = 'json'
  frames: FeedFrames = 'payloads'
  private dropped = 0
  private readonly batch = new CaptureBatchEncoder()
  private timer: ReturnType<typeof setTimeout> | null = null

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

  /** Sends one publication in this subscriber's encoding. */
  deliver(publication: Publication, secrets: boolean, texts: TextCache): void {
    // Without frames, the tap's own (injected, dropped) still come: they are no endpoint's message.
    if (this.frames === 'none' && typeof publication !== 'function' && publication.record.type === 'frame' && publication.record.action === 'relayed') return
    if (this.encoding === 'binary') {
      if (typeof publication === 'function') return this.add(eventFor(publication, this.payloadLimit, secrets) as FeedEvent)
      const { record } = publication
      if (record.type === 'frame') this.add({ ...record, payload: record.payload.subarray(0, this.frames === 'headers' ? 0 : this.payloadLimit) })
      else this.add({ ...record, data: record.data.subarray(0, this.payloadLimit) })
      return
    }
    const key = `${this.payloadLimit} ${secrets}`
    let text = texts.get(key)
    if (text === undefined) {
      const event = typeof publication === 'function' ? eventFor(publication, this.payloadLimit, secrets) : jsonOf(publication, this.payloadLimit)
      texts.set(key, (text = JSON.stringify(event)))
    }
    this.send(text)
  }

  /**
   * Sends an answer of the server's own (hello, rules, a command's result): these may take
   * the connection past its bound, to twice it, since they come only as often as it asks.
   */
  sendEvent(event: CaptureEvent): void {
    if (this.encoding === 'binary') this.add(event as FeedEvent, 2)
    else this.send(JSON.stringify(event), 2)
  }

  /** Answers a `frames` request: payloads cut to this subscriber's limit, and no more than MAX_FRAMES_ANSWER_BYTES in all. */
  sendFrames(answer: FramesAnswer): void {
    const frames: FeedFrame[] = []
    let bytes = 0
    for (const f of answer.frames) {
      const payload = f.payload.subarray(0, this.payloadLimit)
      if (frames.length && bytes + payload.length > MAX_FRAMES_ANSWER_BYTES) {
        answer.to = f.index!
        break
      }
      bytes += payload.length
      frames.push({ ...f, payload })
    }
    if (this.encoding === 'binary') return this.add({ ...answer, frames } satisfies FeedFramesAnswer, 2)
    const json: CaptureFrames = {
      ...answer,
      frames: frames.map((f) => {
        const { header, payload, ...rest } = f
        const fields = frameJsonOf(header, f.offset)
        // The kept payload may be only its first bytes: the header has the full length.
        const json = { base64: encodeBase64(payload), length: fields.payloadLength, truncated: payload.length < fields.payloadLength }
        return { ...rest, ...fields, header: encodeBase64(header), payload: json }
      }),
    }
    this.send(JSON.stringify(json), 2)
  }

  /** Sends what the batch holds now (after a command, so its answer does not wait for the timer). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.batch.size && this.ws.readyState === this.ws.OPEN) this.ws.send(this.batch.finish())
  }

  /** Stops the batch timer (the connection closed). */
  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private add(record: FeedRecord, bound = 1): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount + this.batch.byteLength > bound * this.bufferBytes) {
      this.dropped++
      return
    }
    if (this.dropped) {
      this.batch.add({ type: 'dropped', t: now(), count: this.dropped })
      this.dropped = 0
    }
    this.batch.add(record)
    // A batch never takes much of the bound alone, so a reader that keeps up loses nothing.
    if (this.batch.byteLength >= Math.min(FEED_FLUSH_BYTES, this.bufferBytes / 4)) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), FEED_FLUSH_MS)
  }

  private send(text: string, bound = 1): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount > bound * this.bufferBytes) {
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
