/**
 * One connection tab's owner: everything the tab has lives here and ends with `dispose()` —
 * its message and frame stores, previews, filter scan, timeline, the queue of what arrived
 * since the last frame, selection, pause point, its connection attempts (each with its own handshake
 * and findings), tap reports, payload decoding, and (through `onDispose`) the
 * socket, timers and capture subscription the engine holds for it.
 *
 * The bulk data (columnar stores, a million rows) stays outside React. What renders is the
 * `view` store: immutable snapshots replaced on every change, read with zustand selectors
 * (useSyncExternalStore underneath). A LogView names the stores and the row count at the
 * moment it was published; the stores only ever append, so every row below that count reads
 * the same for as long as the snapshot is shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DeflateParams, Finding, HandshakeReport } from '../../protocol/index.ts'
import type { HoldAction, MessageMark } from '../../shared/capture-api.ts'
import { FilterScan, type LogScan } from '../store/filter-scan.ts'
import { FrameStore } from '../store/frame-store.ts'
import { compileFilter, hasPayloadFilter, isFilterActive, NO_FILTER, type CompiledFilter, type FilterSpec, type PayloadFacts } from '../store/message-filter.ts'
import { MessagePreviews } from '../store/message-preview.ts'
import { MessageNotes } from '../store/message-notes.ts'
import { MessageStore, type Sender } from '../store/message-store.ts'
import { AUTO_PAYLOAD, PayloadLog, type PayloadSettings } from '../store/payload-log.ts'
import type { PayloadSetup } from '../store/payload-batch.ts'
import type { PayloadColumn } from '../store/payload-column.ts'
import { RegexScan, type RegexPort } from '../store/regex-scan.ts'
import { EMPTY_TIMELINE, TimelineRecorder, type TimelineSnapshot } from '../store/timeline-recorder.ts'
import { nextTask } from './next-task.ts'
import { TapFrames } from './tap-frames.ts'
import { PayloadFeed } from './payload-feed.ts'
import { createPayloadWorker, type CreatePayloadPort } from './payload-port.ts'
import { addRange, NO_RANGES, toggleIndex, type SelectionRanges } from '../store/selection-ranges.ts'

/** A control's result, in words. */
export type Outcome = { ok: boolean; message: string }

/** The bulk data of a connection: what ingestion, the tap recorder and sessions write. */
export interface ConnectionData {
  readonly messages: MessageStore
  /** Real wire frames (through the tap); empty in direct mode. */
  readonly frames: FrameStore
  readonly previews: MessagePreviews
  readonly scan: LogScan
  readonly timeline: TimelineRecorder
  /** Through the tap with rules: how each message (by its store index) went on, and what was delivered; absent = as it came. */
  readonly marks: MessageNotes<MessageMarkRecord>
  /** Through the tap: the rows (by store index) of frames that broke the protocol, with the finding. */
  readonly violations: MessageNotes<TapFinding>
  /** What each message decodes as (the Protocol and Summary columns), filled by the payload worker. */
  readonly decoded: PayloadColumn
  /** Through the tap: the captured frames of each row, fetched from the server when shown. */
  readonly tapFrames: TapFrames
}

export interface MessageMarkRecord {
  mark: MessageMark
  delivered: Uint8Array | null
  reason: string
}

/** A message a break rule holds until the inspector (or the hold timeout) lets it go. */
export interface HeldMessage {
  holdId: string
  sender: Sender
  messageType: 'text' | 'binary'
  /** The message as it would go on (replace rules before the break applied). */
  data: Uint8Array
  rule: number | null
  expiresAt: number | null
}

/** What the inspector may do with a held message. */
export type HeldAction = HoldAction

export interface TapHandshake {
  report: HandshakeReport
  /** The header blocks as they crossed the tap. */
  requestText: string
  responseText: string
  deflate: DeflateParams | null
}

export interface PongRecord {
  t: number
  from: Sender
  rttMs: number
  payloadHex: string
}

export interface TapFinding {
  t: number
  sender: Sender
  finding: Finding
}

/**
 * One connection attempt (Connect, or a reconnect): what its handshake and the tap's decoders
 * found belong to it alone, so a refused attempt never shows an earlier attempt's handshake.
 */
export interface Attempt {
  /** 1, 2, 3… in this tab, counted from its first attempt (kept when old attempts are dropped). */
  number: number
  /** When it started. */
  t: number
  url: string
  tapped: boolean
  handshake: TapHandshake | null
  findings: readonly TapFinding[]
  /** Why it failed or closed abnormally, in words (first line: the headline); null while all is well. */
  error: string | null
  /** Through the tap: the first protocol violation, and how the other side answered it. */
  violation: Violation | null
}

/** A frame that broke the protocol, and the other endpoint's reaction (the browser's, when the server broke it). */
export interface Violation extends TapFinding {
  /**
   * The close code the other side answered with: a number, null when it closed without a
   * Close frame, undefined while it has not answered.
   */
  answer?: number | null
}

/** What the companion server's wire tap reported about the connection, beyond messages, frames and attempts. */
export interface TapView {
  pongs: readonly PongRecord[]
  /** Whether the tap lets the client's Pongs through. */
  autoPong: boolean
  /** The last control command's outcome, in words. */
  lastResult: Outcome | null
  /** Messages a break rule holds, oldest first. */
  held: readonly HeldMessage[]
  /** Capture events the server dropped because this app read too slowly. */
  dropped: number
  /** Events from before this tab subscribed that the server's bounded backlog did not keep. */
  notKept: number
}

/** The log as published: the stores and the rows shown at that moment. */
export interface LogView extends ConnectionData {
  /** Rows shown: the matches below the pause point. */
  readonly rows: number
  /** Messages stored. */
  readonly length: number
  /** Messages the filter has tested. */
  readonly scanned: number
  /** The store length when the log was paused, or null when live. */
  readonly pausedAt: number | null
}

/** How the tab decodes payloads (src/payload). */
export interface PayloadChoice {
  /** 'auto', 'none' or one decoder id (its carrier is added: socket.io reads Engine.IO first). */
  decoder: string
  protoSource: string
  protoType: string
}

export const AUTO_CHOICE: PayloadChoice = { decoder: 'auto', protoSource: '', protoType: '' }

export interface ConnectionView {
  log: LogView
  selected: number | null
  /** The rows selected together (Shift/Ctrl-click, Shift+arrows), `selected` among them. */
  selection: SelectionRanges
  /** Pinned (bookmarked) messages, in index order. */
  pins: readonly number[]
  filter: FilterSpec
  /** Why the filter's regular expression does not compile. */
  filterError: string | null
  /** Why the filter's regular expression was stopped (it ran over its time budget). */
  filterStopped: string | null
  /** A filter scan is still running. */
  scanning: boolean
  tap: TapView
  /** The connection attempts, oldest first (the last MAX_ATTEMPTS); the last one is current. */
  attempts: readonly Attempt[]
  /** The attempt the handshake and findings views show: its number, or null for the current one. */
  shownAttempt: number | null
  timeline: TimelineSnapshot
  payloadChoice: PayloadChoice
  /** Why the chosen .proto could not be used. */
  payloadError: string | null
}

const NO_TAP: TapView = { pongs: [], autoPong: true, lastResult: null, held: [], dropped: 0, notKept: 0 }

/** Attempts kept per tab: a tab reconnecting for hours keeps its latest ones. */
export const MAX_ATTEMPTS = 50

/** The attempt going on (or the last one), or null before the first. */
export function currentAttempt(view: Pick<ConnectionView, 'attempts'>): Attempt | null {
  return view.attempts[view.attempts.length - 1] ?? null
}

/** The handshake of the latest attempt that has one: it negotiated how the latest messages are compressed. */
export function latestHandshake(view: Pick<ConnectionView, 'attempts'>): TapHandshake | null {
  return view.attempts.findLast((a) => a.handshake !== null)?.handshake ?? null
}

/** The attempt the user chose to look at, else the current one. */
export function shownAttempt(view: Pick<ConnectionView, 'attempts' | 'shownAttempt'>): Attempt | null {
  return (view.shownAttempt !== null && view.attempts.find((a) => a.number === view.shownAttempt)) || currentAttempt(view)
}

/** New messages and scan progress re-render a log at most this often (user actions at once). */
const RENDER_EVERY_MS = 100
/**
 * A new row waits at most this long for its payload decoding (milliseconds in its worker, when
 * the worker keeps up), so a log following a stream shows summaries rather than "decoding…";
 * a row older than that shows at once, decoded or not, so a busy worker adds no more lag.
 */
const DECODE_WAIT_MS = 120
/** Slices of a background filter scan, with a yield between them so typing and scrolling stay smooth. */
const SCAN_SLICE_MS = 12

export class Connection implements ConnectionData {
  messages = new MessageStore()
  frames = new FrameStore()
  previews = new MessagePreviews(this.messages)
  scan: LogScan = new FilterScan(this.messages, null)
  readonly timeline = new TimelineRecorder()
  marks = new MessageNotes<MessageMarkRecord>(this.messages)
  violations = new MessageNotes<TapFinding>(this.messages)
  tapFrames = new TapFrames()
  /** The selected message's full decoding (the details panel), made on first use; null after clear() or a new decoding choice. */
  payloads: PayloadLog | null = null
  /** The log's decoding of every message, in the payload worker. */
  private readonly payloadFeed: PayloadFeed
  readonly view: StoreApi<ConnectionView>
  /** Where a Shift-selection starts: the last message selected by a plain or Ctrl click. */
  private anchor: number | null = null
  private pausedAt: number | null = null
  private disposed = false
  private readonly disposers: (() => void)[] = []
  private lastRender = -Infinity
  private renderTimer: ReturnType<typeof setTimeout> | null = null
  private scanRunning = false
  private filter: CompiledFilter = { matcher: null }
  private lastTimeline = -Infinity
  private payloadSettings: PayloadSettings = AUTO_PAYLOAD
  /** The last publication held new rows back for their decoding. */
  private rowsHeld = false
  /** The filter tests payload decoding: it scans only as far as messages are decoded. */
  private filterReadsPayloads = false

  constructor(
    readonly id: string,
    /** Where regex filters run: a worker in the app, so a runaway one can be stopped. */
    private readonly createRegexPort: () => RegexPort,
    /** The negotiated subprotocol (the tab list knows it), for payload decoding. */
    private readonly subprotocol: () => string | null = () => null,
    createPayloadPort: CreatePayloadPort = createPayloadWorker,
  ) {
    this.payloadFeed = new PayloadFeed(
      this.messages,
      createPayloadPort,
      () => this.payloadSetup(),
      () => this.payloadsDecoded(),
    )
    this.view = createStore<ConnectionView>()(() => ({
      log: this.logView(),
      selected: null,
      selection: NO_RANGES,
      pins: [],
      filter: NO_FILTER,
      filterError: null,
      filterStopped: null,
      scanning: false,
      tap: NO_TAP,
      attempts: [],
      shownAttempt: null,
      timeline: EMPTY_TIMELINE,
      payloadChoice: AUTO_CHOICE,
      payloadError: null,
    }))
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  /** Runs `release` when the connection is disposed (the engine's socket, timers, subscriptions). */
  onDispose(release: () => void): void {
    if (this.disposed) release()
    else this.disposers.push(release)
  }

  /** Ends the connection: releases what it holds, and stops every timer and scan it started. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const release of this.disposers.splice(0)) release()
    this.payloadFeed.dispose()
    if (this.renderTimer !== null) clearTimeout(this.renderTimer)
    this.renderTimer = null
    this.scan.dispose()
  }

  // --- the log ---------------------------------------------------------------------------

  /** Publishes the log at once (user actions: filter, pause, clear, a loaded session). */
  publishLog(): void {
    if (this.disposed) return
    this.payloadFeed.pump()
    this.lastRender = performance.now()
    this.view.setState({ log: this.logView() })
  }

  /**
   * Publishes new messages and scan progress at most every RENDER_EVERY_MS: a message after a
   * quiet spell shows at once, a stream of thousands a second redraws ten times a second.
   */
  requestRender(): void {
    if (this.disposed) return
    this.payloadFeed.pump()
    if (this.renderTimer !== null) return
    // In a task of its own, even when due now: the render is not added to the task that
    // stored the messages, nor to a frame's painting (the log scrolls at the next frame).
    this.renderTimer = setTimeout(
      () => {
        this.renderTimer = null
        this.publishLog()
      },
      Math.max(0, this.lastRender + RENDER_EVERY_MS - performance.now()),
    )
  }

  /** Empties the log (messages and frames), keeping the filter and the timeline. */
  clear(): void {
    this.messages = new MessageStore()
    this.frames = new FrameStore()
    this.previews = new MessagePreviews(this.messages)
    this.marks = new MessageNotes(this.messages)
    this.violations = new MessageNotes(this.messages)
    this.tapFrames = new TapFrames()
    this.payloads = null
    this.payloadFeed.reset(this.messages)
    this.scan.dispose()
    this.scan = this.makeScan()
    if (this.pausedAt !== null) this.pausedAt = 0
    this.select(null)
    this.view.setState({ pins: [] })
    this.publishLog()
  }

  /** Paused, the log keeps showing the rows below the pause point while messages go on being stored. */
  pause(): void {
    this.pausedAt = this.messages.length
    this.publishLog()
  }

  resume(): void {
    this.pausedAt = null
    this.publishLog()
  }

  /** Selects one message (null: none); it becomes the anchor of a Shift-selection. */
  select(index: number | null): void {
    this.anchor = index
    this.view.setState({ selected: index, selection: index === null ? NO_RANGES : [[index, index]] })
  }

  /** Shift: selects from the anchor to `index`. */
  selectTo(index: number): void {
    this.anchor ??= index
    this.view.setState({ selected: index, selection: addRange(NO_RANGES, this.anchor, index) })
  }

  /** Pins a message, or unpins a pinned one. */
  togglePin(index: number): void {
    this.view.setState((s) => ({ pins: s.pins.includes(index) ? s.pins.filter((p) => p !== index) : [...s.pins, index].sort((a, b) => a - b) }))
  }

  /** Ctrl/Cmd: adds `index` to the selection or takes it out; it becomes the anchor. */
  toggleSelected(index: number): void {
    this.anchor = index
    this.view.setState((s) => ({ selected: index, selection: toggleIndex(s.selection, index) }))
  }

  // --- the filter ------------------------------------------------------------------------

  /** Compiles the changed filter and starts a fresh background scan; a bad regex is reported, the last good filter stays. */
  setFilter(patch: Partial<FilterSpec>): void {
    const filter = { ...this.view.getState().filter, ...patch }
    // The first 64 KiB of the log tune a text search.
    const compiled = compileFilter(filter, this.messages.slabs.slabs[0]?.subarray(0, 64 * 1024), this.payloadFacts)
    if (compiled.ok) {
      this.filter = compiled.value
      this.filterReadsPayloads = hasPayloadFilter(filter)
      this.scan.dispose()
      this.scan = this.makeScan()
    }
    this.view.setState({ filter, filterError: compiled.ok ? null : compiled.error, filterStopped: null })
    this.publishLog()
    if (compiled.ok) this.runScan()
  }

  /** Continues scanning the current filter a slice at a time until every message is tested. */
  runScan(): void {
    if (this.scanRunning || this.scan.done || this.disposed) return
    this.scanProgress(false)
    // A regex scan works in its worker and reports back (regexProgress).
    if (this.scan instanceof RegexScan) return void this.scan.step()
    this.scanRunning = true
    const slice = () => {
      if (this.disposed) return
      const before = this.scan.scanned
      const done = this.scan.step(performance.now() + SCAN_SLICE_MS)
      // The finished result shows at once; progress as often as requestRender allows.
      if (done) this.publishLog()
      else this.requestRender()
      this.scanProgress(done)
      // Stuck at what is decoded so far: payloadsDecoded starts the scan again.
      if (done || this.scan.scanned === before) this.scanRunning = false
      else nextTask(slice)
    }
    nextTask(slice)
  }

  private makeScan(): LogScan {
    const { matcher, regex } = this.filter
    const scan: FilterScan =
      !regex || !matcher
        ? new FilterScan(this.messages, matcher)
        : new RegexScan(this.messages, matcher, regex, this.createRegexPort, () => this.regexProgress(scan as RegexScan))
    return this.filterReadsPayloads ? scan.limitTo(() => this.decoded.length) : scan
  }

  private regexProgress(scan: RegexScan): void {
    if (scan !== this.scan || this.disposed) return
    if (!scan.done) {
      this.requestRender()
      scan.step()
      return
    }
    this.publishLog()
    this.scanProgress(true)
    if (scan.stopped) this.view.setState({ filterStopped: scan.stopped })
  }

  private scanProgress(done: boolean): void {
    if (this.view.getState().scanning !== !done) this.view.setState({ scanning: !done })
  }

  // --- payload decoding ------------------------------------------------------------------

  /** The payload side of the filter reads the log's decoding (it changes with the choice). */
  private readonly payloadFacts: PayloadFacts = {
    decoder: (i) => this.decoded.decoder(i),
    kind: (i) => this.decoded.kind(i),
  }

  get decoded(): PayloadColumn {
    return this.payloadFeed.column
  }

  /** The selected message's full decoding (value, layers, errors), made on first use with the negotiated subprotocol. */
  payloadLog(): PayloadLog {
    if (!this.payloads || this.payloads.store !== this.messages) this.payloads = new PayloadLog(this.messages, this.payloadSettings, this.subprotocol())
    return this.payloads
  }

  /** A new decoding choice: the messages are decoded again, and a filter (it may test payloads) scans again. */
  choosePayload(choice: PayloadChoice, settings: PayloadSettings, error: string | null): void {
    this.payloadSettings = settings
    this.payloads = null
    this.view.setState({ payloadChoice: choice, payloadError: error })
    this.payloadFeed.reset(this.messages)
    if (isFilterActive(this.view.getState().filter)) this.setFilter({})
    else this.publishLog()
  }

  /** What the payload worker is told: the choice (its .proto as source, loaded there) and the negotiated subprotocol. */
  private payloadSetup(): PayloadSetup {
    const { protoSource, protoType } = this.view.getState().payloadChoice
    const { mode, proto } = this.payloadSettings
    return { mode, proto: proto ? { source: protoSource, type: protoType.trim() || null } : null, subprotocol: this.subprotocol() }
  }

  /** New results: rows in view show them, and a filter waiting for them goes on. */
  private payloadsDecoded(): void {
    if (this.filterReadsPayloads && !this.scan.done) this.runScan()
    // Rows held back for their decoding show now rather than at the next regular publication.
    if (this.rowsHeld && performance.now() - this.lastRender >= RENDER_EVERY_MS / 2) this.publishLog()
    else this.requestRender()
  }

  // --- timeline and tap reports ----------------------------------------------------------

  /** Publishes the timeline, unless the last publication is younger than `minIntervalMs`. */
  publishTimeline(minIntervalMs = 0): void {
    const now = performance.now()
    if (this.disposed || now - this.lastTimeline < minIntervalMs) return
    this.lastTimeline = now
    this.view.setState({ timeline: this.timeline.snapshot() })
  }

  setTap(patch: Partial<TapView>): void {
    this.view.setState((s) => ({ tap: { ...s.tap, ...patch } }))
  }

  // --- connection attempts ---------------------------------------------------------------

  /** A new attempt starts with no handshake and no findings, and becomes the one shown; returns its number. */
  beginAttempt(t: number, url: string, tapped: boolean): number {
    const { attempts } = this.view.getState()
    const number = (currentAttempt({ attempts })?.number ?? 0) + 1
    const attempt: Attempt = { number, t, url, tapped, handshake: null, findings: [], error: null, violation: null }
    this.view.setState({ attempts: [...attempts.slice(-(MAX_ATTEMPTS - 1)), attempt], shownAttempt: null })
    return number
  }

  /** Attempt `number`, or undefined when it has been dropped. */
  attempt(number: number): Attempt | undefined {
    return this.view.getState().attempts.find((a) => a.number === number)
  }

  /** Records what attempt `number` learnt; nothing when it has been dropped (a late report of an old attempt). */
  updateAttempt(number: number, patch: Partial<Pick<Attempt, 'handshake' | 'findings' | 'error' | 'violation'>>): void {
    this.view.setState((s) => ({ attempts: s.attempts.map((a) => (a.number === number ? { ...a, ...patch } : a)) }))
  }

  /** The current attempt's failure, in words (the status banner's text). */
  attemptFailed(error: string): void {
    const current = currentAttempt(this.view.getState())
    if (current) this.updateAttempt(current.number, { error })
  }

  addFinding(number: number, finding: TapFinding): void {
    this.view.setState((s) => ({ attempts: s.attempts.map((a) => (a.number === number ? { ...a, findings: [...a.findings, finding] } : a)) }))
  }

  /** Shows an earlier attempt in the handshake and findings views (null: follow the current one). */
  showAttempt(number: number | null): void {
    this.view.setState({ shownAttempt: number === currentAttempt(this.view.getState())?.number ? null : number })
  }

  addPong(pong: PongRecord): void {
    this.view.setState((s) => ({ tap: { ...s.tap, pongs: [...s.tap.pongs, pong] } }))
  }

  /** Messages below this are shown: the newest, waiting a moment for their decoding, are held back. */
  private shownLimit(): number {
    const { messages, decoded } = this
    const limit = decoded.length < messages.length ? firstAfter(messages, Date.now() - DECODE_WAIT_MS, decoded.length) : messages.length
    this.rowsHeld = limit < messages.length
    return limit
  }

  private logView(): LogView {
    const { messages, frames, previews, scan, timeline, marks, violations, pausedAt, decoded, tapFrames } = this
    return {
      messages,
      decoded,
      frames,
      tapFrames,
      previews,
      scan,
      timeline,
      marks,
      violations,
      pausedAt,
      rows: scan.count(Math.min(pausedAt ?? Infinity, this.shownLimit())),
      length: messages.length,
      scanned: scan.scanned,
    }
  }
}

/** The first message from `from` on whose time is after `t` (the log's times never go down), or the length. */
function firstAfter(messages: MessageStore, t: number, from: number): number {
  let low = from
  let high = messages.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (messages.time(mid) > t) high = mid
    else low = mid + 1
  }
  return low
}
