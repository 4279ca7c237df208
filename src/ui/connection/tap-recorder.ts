/**
 * Turns one tapped connection's capture events into the app's stores: real frames into the
 * frame store, messages into the log linked to their frames (with wire sizes and compression
 * measured on the wire), frames the tap injected and the frame that broke the protocol as log
 * rows of their own, the handshake and findings into the connection attempt, and Ping round
 * trips into the connection's tap view. Everything goes through the
 * ingestion queue, so the log still renders at most ten times a second.
 *
 * The feed brings no relayed frames (only the tap's own): a message row notes which captured
 * frames it was made of (tap-frames.ts fetches them when shown), and the frame that broke the
 * protocol is asked for by its finding's offset.
 */
import { annotateFrame, opcodeName, toHex, type MessageType } from '../../protocol/index.ts'
import { BACKLOG_EVENTS, bytesFromJson, type CaptureMessageOutcome } from '../../shared/capture-api.ts'
import type { SessionEvent } from '../../shared/session.ts'
import type { Connection, ConnectionData, TapFinding } from './connection.ts'
import { compressedAt, FRAME, frameAt, MESSAGE, messageTypeAt, nonAsciiAt, OTHER, senderAt, type EventRun } from './captures-columns.ts'
import type { DecodedFrame, EventColumns, OtherEvent } from './captures-protocol.ts'
import { explainUpstreamError } from './connection-errors.ts'
import { append, enqueue } from './ingest.ts'
import { FrameFlag } from '../store/frame-store.ts'
import type { MessageInput, Sender } from '../store/message-store.ts'
import { RecentByIndex } from '../store/recent-by-index.ts'
import { setRules } from './rules-store.ts'
import type { FramesReply, FramesRequester, TapFrames } from './tap-frames.ts'

/** Frames not claimed by a message after this many more frames are forgotten (a message event was lost). */
const MAX_UNLINKED = 4096
/** Events applied in one go (an ingestion item). */
const APPLY_SLICE = 256

export interface TapRecorderCallbacks {
  /** The tap could not reach the target: the reason, in words. */
  upstreamFailed(message: string): void
  /** A timeline event. */
  event(kind: SessionEvent['kind'], detail: string): void
  /** The captures feed closed: the tab no longer sees this connection's frames. */
  feedLost(message: string): void
  /** A protocol violation was found, or the other side answered it: the attempt's record changed. */
  violation(): void
  /** Asks the server for kept frames of this capture. */
  frames: FramesRequester
}

export class TapRecorder {
  /** Frame index in each sender's stream → index in the frame store, until a message claims it. */
  private readonly unlinked: Record<Sender, Map<number, number>> = { client: new Map(), server: new Map() }
  /** A captured message's index → its index in the message store, for its outcome under rules. */
  private readonly rows: Record<Sender, RecentByIndex<number>> = { client: new RecentByIndex(MAX_UNLINKED), server: new RecentByIndex(MAX_UNLINKED) }
  /** The close the browser reported to the page, waiting for the capture's last frames (it came after them). */
  private localClose: MessageInput | null = null
  private captureEnded = false
  /** A violation whose frame has not arrived yet (decoding stops after one, so one per sender). */
  private readonly pending: Record<Sender, TapFinding | null> = { client: null, server: null }
  /** Pending violations whose frame was asked for: the answer makes their row. */
  private readonly asking = new Set<TapFinding>()
  /** This capture's number among the frame sources of the connection's (current) TapFrames. */
  private source: { frames: TapFrames; id: number } | null = null
  /** Each captured message in turn, on its way to the store (wire sizes measured on the wire). */
  private readonly wire = { payload: 0, headers: 0 }
  private readonly input: MessageInput = { t: 0, sender: 'server', type: 'text', data: new Uint8Array(0), wire: this.wire }

  constructor(
    private readonly conn: Connection,
    /** The connection attempt this capture belongs to: its handshake and findings go there, even when they arrive late. */
    private readonly attempt: number,
    private readonly callbacks: TapRecorderCallbacks,
  ) {}

  /** A run of the captures feed: its messages go to the log straight from the columns (no object per message). */
  apply(run: EventRun): void {
    const { columns: c, from, to } = run
    // The client announces a lost feed alone in its run, so the hot path checks one record.
    const lost = to - from === 1 && c.kind[from] === OTHER ? c.others[run.firstOther] : null
    // At once, not queued: from now on the socket's own messages must reach the log.
    if (lost?.type === 'feed-lost') {
      this.releaseLocalClose()
      return this.callbacks.feedLost(
        `The companion server's captures feed closed (${lost.reason}): this tab now logs what the page's own socket receives, without the wire frames. Reconnect to watch through the tap again.`,
      )
    }
    // In slices: the flush yields between items, so a batch of thousands is no one long task.
    let other = run.firstOther
    for (let start = from; start < to; start += APPLY_SLICE) {
      const end = Math.min(to, start + APPLY_SLICE)
      const firstOther = other
      for (let k = start; k < end; k++) if (c.kind[k] === OTHER) other++
      enqueue(this.conn, (data) => this.applyRecords(data, c, start, end, firstOther))
    }
  }

  private applyRecords(data: ConnectionData, c: EventColumns, from: number, to: number, other: number): void {
    for (let k = from; k < to; k++) {
      const kind = c.kind[k]
      if (kind === MESSAGE) this.message(data, c, k)
      else if (kind === FRAME) this.frame(data, frameAt(c, k))
      else this.applyOne(data, c.others[other++])
    }
  }

  private applyOne(data: ConnectionData, e: OtherEvent): void {
    switch (e.type) {
      case 'capture-started':
        return this.callbacks.event('note', `tapping ${e.target} for ${e.client}`)
      case 'handshake': {
        this.conn.updateAttempt(this.attempt, { handshake: { report: e.report, requestText: e.requestText, responseText: e.responseText, deflate: e.deflate } })
        const failed = e.report.checks.filter((c) => !c.ok).length
        return this.callbacks.event(
          'note',
          `handshake: ${e.report.response?.status ?? '?'} ${e.report.response?.statusText ?? ''}, ${failed ? `${failed} checks failed` : 'all checks pass'}`,
        )
      }
      case 'finding':
        this.conn.addFinding(this.attempt, { t: e.t, sender: e.sender, finding: e.finding })
        if (e.finding.severity === 'error') this.violation(data, { t: e.t, sender: e.sender, finding: e.finding })
        return this.callbacks.event('note', `${e.sender}: ${e.finding.message} (${e.finding.rfc})`)
      case 'upstream-error':
        return this.callbacks.upstreamFailed(explainUpstreamError(e))
      case 'pong':
        this.conn.addPong({ t: e.t, from: e.from, rttMs: e.rttMs, payloadHex: toHex(bytesFromJson(e.payload), ' ') })
        return this.callbacks.event('note', `Pong from the ${e.from} after ${e.rttMs.toFixed(1)} ms`)
      case 'dropped':
        this.conn.setTap({ dropped: this.conn.view.getState().tap.dropped + e.count })
        return this.callbacks.event('note', `${e.count} capture events were dropped: the app read too slowly`)
      case 'backlog-dropped':
        this.conn.setTap({ notKept: this.conn.view.getState().tap.notKept + e.count })
        return this.callbacks.event('note', `${e.count} events from before this tab subscribed were not kept (the server keeps the last ${BACKLOG_EVENTS})`)
      case 'capture-ended':
        this.conn.setTap({ held: [] })
        this.ended(data, e.reason)
        this.captureEnded = true
        if (this.localClose) append(data, this.localClose)
        this.localClose = null
        return this.callbacks.event('note', `capture ended: ${e.reason}`)
      case 'message-outcome':
        return this.outcome(data, e)
      case 'rules':
        return setRules(e)
    }
  }

  /** A rule (or the inspector) decided how a message went on: marked in the log; a held one waits in the connection's tap view. */
  private outcome(data: ConnectionData, e: CaptureMessageOutcome): void {
    const row = e.index === null ? undefined : this.rows[e.sender].get(e.index)
    if (row !== undefined) data.marks.set(row, { mark: e.mark, delivered: e.delivered && bytesFromJson(e.delivered), reason: e.reason })
    const { held } = this.conn.view.getState().tap
    if (e.mark === 'held') {
      const message = { holdId: e.holdId!, sender: e.sender, messageType: e.messageType, data: bytesFromJson(e.original), rule: e.rule, expiresAt: e.expiresAt }
      this.conn.setTap({ held: [...held, message] })
    } else if (e.holdId && held.some((h) => h.holdId === e.holdId)) {
      this.conn.setTap({ held: held.filter((h) => h.holdId !== e.holdId) })
    }
    if (e.mark !== 'original' || e.holdId) this.callbacks.event('note', `${e.sender} message ${e.mark}: ${e.reason}`)
  }

  /**
   * The page's socket closed without a closing handshake (1006): the browser reported it after
   * the frames that led to it, which the capture may still be delivering. Its row goes after
   * them, when the capture ends (or by `releaseLocalClose`, if the end never comes).
   */
  afterCapture(row: MessageInput): void {
    if (this.captureEnded) enqueue(this.conn, row)
    else this.localClose = row
  }

  releaseLocalClose(): void {
    if (this.localClose) enqueue(this.conn, this.localClose)
    this.localClose = null
  }

  /**
   * The first error finding of the attempt: the frame that broke the protocol becomes a row of
   * the log marked with it (when its frame is already a message's, that row is marked).
   */
  private violation(data: ConnectionData, f: TapFinding): void {
    const attempt = this.conn.attempt(this.attempt)
    if (attempt && !attempt.violation) {
      this.conn.updateAttempt(this.attempt, { violation: f })
      this.callbacks.violation()
    }
    const frame = this.frameAt(data, f.sender, f.finding.offset)
    if (frame !== null) return this.violationRow(data, frame, f)
    this.pending[f.sender] = f
    this.asking.add(f)
    void this.callbacks
      .frames({ sender: f.sender, offset: f.finding.offset })
      .then((reply) => enqueue(this.conn, (data) => this.violationFrame(data, f, reply)))
  }

  /** The server's answer for a violation's frame: its row, with the frame when the server still had it. */
  private violationFrame(data: ConnectionData, f: TapFinding, reply: FramesReply): void {
    if (!this.asking.delete(f)) return
    if (this.pending[f.sender] === f) this.pending[f.sender] = null
    const found = reply.ok ? reply.answer.frames[0] : undefined
    if (!found) return this.emptyViolationRow(data, f)
    const frame = data.frames.append({
      t: found.t,
      sender: found.sender,
      header: found.header,
      payload: found.payload,
      offset: found.offset,
      action: found.action,
    })
    this.violationRow(data, frame, f)
  }

  /** A violation whose frame is not known gets a row of its own all the same. */
  private emptyViolationRow(data: ConnectionData, f: TapFinding): void {
    data.violations.set(append(data, { t: f.t, sender: f.sender, type: 'binary', data: new Uint8Array(0), wire: null }), f)
  }

  /** The frame of a sender's stream that holds the byte at `offset`, among the latest ones. */
  private frameAt(data: ConnectionData, sender: Sender, offset: number): number | null {
    const { frames } = data
    for (let i = frames.length - 1; i >= 0 && i >= frames.length - MAX_UNLINKED; i--) {
      if (frames.sender(i) !== sender || frames.has(i, FrameFlag.INJECTED)) continue
      const start = frames.streamOffset(i)
      if (start <= offset && offset < start + frames.bytes(i).length) return i
      if (start < offset) break
    }
    return null
  }

  private violationRow(data: ConnectionData, frame: number, f: TapFinding): void {
    const { messages } = data
    // A message that already holds the frame (a Close with a forbidden code) is the row.
    for (let i = messages.length - 1; i >= 0 && i >= messages.length - 64; i--) {
      const link = messages.frames(i)
      if (link && data.frames.chain(link.first, link.count).includes(frame)) return void data.violations.set(i, f)
    }
    // Its size as the header declares it: decoding stopped at the violation, so the payload may not all be there.
    const row = appendFrameRow(data, frame, null, false)
    if (row !== null) data.violations.set(row, f)
  }

  /** The other side's answer to a violation: its Close frame's code. */
  private answered(sender: Sender, closeCode: number | null): void {
    const violation = this.conn.attempt(this.attempt)?.violation
    if (!violation || violation.sender === sender || violation.answer !== undefined) return
    this.conn.updateAttempt(this.attempt, { violation: { ...violation, answer: closeCode } })
    this.callbacks.violation()
  }

  /**
   * The capture ended: a violation whose frame never came still gets its row, and an unanswered
   * one was answered by no Close frame — unless the side that broke the protocol hung up first
   * (the tap's reason then says so), leaving the other no time to answer.
   */
  private ended(data: ConnectionData, reason: string): void {
    // (One whose frame was asked for gets its row with the answer.)
    for (const f of [this.pending.client, this.pending.server]) if (f && !this.asking.has(f)) this.emptyViolationRow(data, f)
    this.pending.client = this.pending.server = null
    const violation = this.conn.attempt(this.attempt)?.violation
    if (violation && reason !== `the ${violation.sender} closed the connection`) this.answered(violation.sender === 'server' ? 'client' : 'server', null)
  }

  private frame(data: ConnectionData, e: DecodedFrame): void {
    const index = data.frames.append({ t: e.t, sender: e.sender, header: e.header, payload: e.payload, offset: e.offset, action: e.action })
    if (e.action === 'injected') return void appendFrameRow(data, index, e.payloadLength, true)
    const pending = this.pending[e.sender]
    if (pending && this.frameAt(data, e.sender, pending.finding.offset) === index) {
      this.pending[e.sender] = null
      this.asking.delete(pending)
      return this.violationRow(data, index, pending)
    }
    if (e.index === null) return
    const slots = this.unlinked[e.sender]
    slots.set(e.index, index)
    if (slots.size > MAX_UNLINKED) slots.delete(slots.keys().next().value!)
  }

  private sourceIn(frames: TapFrames): number {
    if (this.source?.frames !== frames) this.source = { frames, id: frames.addSource(this.callbacks.frames) }
    return this.source.id
  }

  /**
   * Message record k into the log, linked to its frames: a control frame alone, or its data frames
   * from the first on. The one MessageInput is filled anew for each message.
   */
  private message(data: ConnectionData, c: EventColumns, k: number): void {
    const sender = senderAt(c, k)
    const type = messageTypeAt(c, k)
    const firstFrame = c.offset[k]
    const frameCount = c.frameCount[k]
    const control = type !== 'text' && type !== 'binary'
    // Frames come in the feed only when the tap wrote or dropped them (a dropped Pong's).
    const slots = this.unlinked[sender]
    let first = -1
    let last = -1
    let linked = 0
    for (let i = firstFrame; slots.size && linked < frameCount && i < firstFrame + MAX_UNLINKED; i++) {
      const frame = slots.get(i)
      if (frame === undefined) {
        if (i > firstFrame + frameCount) break
        continue
      }
      if (control !== data.frames.isControl(frame)) continue
      slots.delete(i)
      if (linked) data.frames.link(last, frame)
      else first = frame
      last = frame
      linked++
      if (control) break
    }
    const m = this.input
    const start = c.start[k]
    const closeCode = c.closeCode[k]
    m.t = c.t[k]
    m.sender = sender
    m.type = type
    m.data = c.bytes.subarray(start, start + c.length[k])
    m.size = c.size[k]
    m.nonAscii = nonAsciiAt(c, k)
    m.compressed = compressedAt(c, k)
    m.closeCode = closeCode < 0 ? null : closeCode
    this.wire.payload = c.wireLength[k]
    this.wire.headers = c.headerBytes[k]
    m.firstFrame = linked ? first : undefined
    m.frameCount = linked || frameCount
    const row = append(data, m)
    // Its frames stayed on the server (a dropped Pong's came with the feed, linked above).
    if (!linked) data.tapFrames.link(row, this.sourceIn(data.tapFrames), firstFrame, frameCount)
    if (type === 'close') this.answered(sender, m.closeCode)
    if (control) return
    this.rows[sender].set(c.index[k], row)
  }
}

/**
 * A frame that is no endpoint's message gets a row of its own: one the tap wrote itself
 * (`injected`), or one that broke the protocol. Its payload length is the header's unless known
 * (`knownLength`). Returns the row, or null for bytes that are no frame.
 */
export function appendFrameRow(data: ConnectionData, index: number, knownLength: number | null, injected: boolean): number | null {
  const { frames } = data
  const annotation = annotateFrame(frames.bytes(index))
  if (!annotation) return null
  // A length beyond what the log's size column holds (a 64-bit length that broke the protocol) counts what is present.
  const declared = annotation.header.payloadLength
  const payloadLength = knownLength ?? (declared <= 0xffff_ffff ? declared : annotation.unmaskedPayload.length)
  const name = opcodeName(annotation.header.opcode)
  const type: MessageType = name === 'continuation' || name === null ? 'binary' : name
  const payload = annotation.unmaskedPayload
  return append(data, {
    t: frames.time(index),
    sender: frames.sender(index),
    type,
    data: payload,
    size: payloadLength,
    injected,
    closeCode: type === 'close' && payload.length >= 2 ? (payload[0] << 8) | payload[1] : null,
    wire: { payload: payloadLength, headers: frames.headerLength(index) },
    firstFrame: index,
    frameCount: 1,
  })
}
