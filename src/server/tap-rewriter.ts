import { concatBytes, encodeFrame, MessageDeflater, Opcode, paramsFor, type DeflateParams, type Finding, type MessageRecord } from '../protocol/index.ts'
import { applyRules, rulesNeedMeaning, type RuleOutcome } from '../rules/apply-rules.ts'
import type { MessageMeaning, Rule } from '../rules/rules.ts'
import type { CaptureMessageOutcome, HoldAction, Sender } from '../shared/capture-api.ts'
import type { ControlOutcome } from './captures-hub.ts'
import { proxyFinding } from './proxy-findings.ts'

/** What the rewriting of a tapped connection follows: the live rules and the hold settings. */
export interface Interceptor {
  readonly rules: readonly Rule[]
  /** Whether a break rule may hold a message now (someone watches the capture and can release it). */
  canHold(): boolean
  readonly holdTimeoutMs: number
  /** What happens to a held message nobody released in time. */
  readonly holdTimeoutAction: 'forward' | 'drop'
  /** Most bytes one direction may keep back (a message being collected, and held ones with those behind them). */
  readonly maxHeldBytes: number
  /** What payload decoding makes of a message, for rules with `decoder` or `kind`; given every such message of a direction, in order. */
  meaning?(sender: Sender, type: 'text' | 'binary', data: Uint8Array): MessageMeaning | null
}

/** How a message went on (or not), for the capture: its `message-outcome` event with the bytes still bytes. */
export type MessageOutcome = Omit<CaptureMessageOutcome, 'type' | 'captureId' | 't' | 'sender' | 'original' | 'delivered' | 'deliveredWire'> & {
  original: Uint8Array
  delivered: Uint8Array | null
  deliveredWire: Uint8Array | null
}

export interface RewriterSink {
  /** Bytes for the receiver, in order. */
  write(bytes: Uint8Array): void
  outcome(outcome: MessageOutcome): void
  finding(finding: Finding): void
}

type Decision =
  | { kind: 'pass'; rule: number | null; reason: string }
  | { kind: 'replace'; data: Uint8Array; rule: number | null; reason: string }
  | { kind: 'drop'; rule: number | null; reason: string }
  | { kind: 'held'; rule: number; data: Uint8Array }

interface MessageUnit {
  kind: 'message'
  index: number
  type: 'text' | 'binary'
  compressed: boolean
  frameCount: number
  data: Uint8Array
  raw: Uint8Array[]
  rawLength: number
  decision: Decision
  holdId: string | null
  timer: ReturnType<typeof setTimeout> | null
}

type Unit = { kind: 'bytes'; bytes: Uint8Array } | MessageUnit

/**
 * The rewriting half of one tapped direction: complete data messages come in with their
 * original frames, go through the rules, and leave in order. A message no rule touches leaves
 * as its original bytes; a changed one is framed anew (a fresh masking key toward the server,
 * as many frames as it came in where the payload allows). A held message keeps back every
 * message behind it, never control frames (the direction writes those itself).
 *
 * permessage-deflate: with context takeover the receiver's inflater holds the LZ77 window of
 * everything it inflated. Once a compressed message is changed or dropped, the original
 * sender's later messages may refer to bytes the receiver never saw, so from then on this
 * direction re-compresses every compressed message with a deflater of its own. That deflater
 * starts empty and only ever refers to bytes it produced itself, which are exactly the
 * newest bytes of the receiver's window, so the receiver stays in step.
 */
export class DirectionRewriter {
  /** Compressed messages are re-compressed by the tap from now on. */
  redeflating = false
  private deflater: MessageDeflater | null = null
  private readonly outbox: Unit[] = []
  private outboxBytes = 0
  private readonly takeover: boolean

  constructor(
    readonly sender: Sender,
    private readonly deflate: DeflateParams | null,
    private readonly interceptor: Interceptor,
    private readonly sink: RewriterSink,
  ) {
    this.takeover = deflate !== null && !paramsFor(deflate, sender).noContextTakeover
  }

  /** Whether anything waits in the outbox (then every byte but Ping and Pong frames must go behind it). */
  get busy(): boolean {
    return this.outbox.length > 0
  }

  /** Whether the direction must see whole messages before relaying them. */
  get wanted(): boolean {
    return this.redeflating || this.busy || this.interceptor.rules.some((r) => r.enabled && (r.direction === 'both' || r.direction === this.sender))
  }

  get heldIds(): string[] {
    return this.outbox.flatMap((u) => (u.kind === 'message' && u.decision.kind === 'held' ? [u.holdId!] : []))
  }

  /** Bytes for the receiver behind whatever the outbox holds. */
  emit(bytes: Uint8Array): void {
    if (!this.outbox.length) return this.sink.write(bytes)
    this.outbox.push({ kind: 'bytes', bytes })
    this.grew(bytes.length)
  }

  /** A complete data message with its original frames: decided by the rules, then sent (or held) in order. */
  message(record: MessageRecord, raw: Uint8Array[], rawLength: number, now: number): void {
    const type = record.type as 'text' | 'binary'
    const { rules } = this.interceptor
    // Decoded whenever such rules apply, so stateful decoders (zlib streams) see every message.
    const meaning = rulesNeedMeaning(rules, this.sender) ? (this.interceptor.meaning?.(this.sender, type, record.data) ?? null) : null
    const unit: MessageUnit = {
      kind: 'message',
      index: record.index,
      type,
      compressed: record.compressed,
      frameCount: record.frameCount,
      data: record.data,
      raw,
      rawLength,
      decision: decide(applyRules(rules, this.sender, type, record.data, () => meaning)),
      holdId: null,
      timer: null,
    }
    if (unit.decision.kind === 'held' && !this.interceptor.canHold()) {
      unit.decision = {
        kind: 'pass',
        rule: unit.decision.rule,
        reason: `break rule ${unit.decision.rule + 1} matched, but no inspector is open to release it: forwarded`,
      }
    }
    this.outbox.push(unit)
    if (unit.decision.kind === 'held') this.hold(unit, now)
    this.grew(rawLength)
    this.flush()
  }

  /** The inspector's answer to a held message. */
  release(holdId: string, action: HoldAction, data: Uint8Array | null): ControlOutcome {
    const unit = this.outbox.find((u): u is MessageUnit => u.kind === 'message' && u.holdId === holdId && u.decision.kind === 'held')
    if (!unit) return { ok: false, message: `no message is held as ${holdId} (it was released, dropped or timed out)`, queued: false }
    if (action === 'forward-edited') {
      if (!data) return { ok: false, message: 'forward-edited needs the edited message', queued: false }
      if (unit.type === 'text' && !isUtf8(data))
        return { ok: false, message: 'the edited text message is not valid UTF-8: its receiver would fail the connection with 1007', queued: false }
    }
    this.settle(unit, action, data, 'by the inspector')
    const behind = this.heldIds.length
    return {
      ok: true,
      message: `${action === 'drop' ? 'dropped' : 'forwarded'} ${holdId}${behind ? ` (${behind} more held in this direction)` : ''}`,
      queued: false,
    }
  }

  /** Lets every held message go as it came (the inspector is gone, or the connection ends). */
  releaseAll(why: string): void {
    for (const unit of this.outbox) if (unit.kind === 'message' && unit.decision.kind === 'held') this.settle(unit, 'forward', null, why, false)
    this.flush()
  }

  /** The connection is over: timers stop, nothing more is written. */
  dispose(): void {
    for (const unit of this.outbox) if (unit.kind === 'message' && unit.timer) clearTimeout(unit.timer)
    this.outbox.length = 0
  }

  private hold(unit: MessageUnit, now: number): void {
    const { holdTimeoutMs, holdTimeoutAction } = this.interceptor
    unit.holdId = `${this.sender}-${unit.index}`
    unit.timer = setTimeout(() => this.settle(unit, holdTimeoutAction, null, `when the hold timed out after ${holdTimeoutMs} ms`), holdTimeoutMs)
    const decision = unit.decision as Extract<Decision, { kind: 'held' }>
    this.sink.outcome({
      index: unit.index,
      messageType: unit.type,
      mark: 'held',
      rule: decision.rule,
      holdId: unit.holdId,
      expiresAt: now + holdTimeoutMs,
      original: unit.data,
      delivered: null,
      deliveredWire: null,
      reason: `held by break rule ${decision.rule + 1}`,
    })
  }

  private settle(unit: MessageUnit, action: HoldAction, data: Uint8Array | null, by: string, flush = true): void {
    if (unit.timer) clearTimeout(unit.timer)
    unit.timer = null
    const rule = (unit.decision as { rule: number | null }).rule
    const held = (unit.decision as { data?: Uint8Array }).data ?? unit.data
    if (action === 'drop') unit.decision = { kind: 'drop', rule, reason: `dropped ${by}` }
    else if (action === 'forward-edited' && data) unit.decision = { kind: 'replace', data, rule, reason: `edited and forwarded ${by}` }
    else if (held !== unit.data)
      unit.decision = { kind: 'replace', data: held, rule, reason: `forwarded ${by}, with the replace rules before the break applied` }
    else unit.decision = { kind: 'pass', rule, reason: `forwarded as it came ${by}` }
    if (flush) this.flush()
  }

  private grew(bytes: number): void {
    this.outboxBytes += bytes
    if (this.outboxBytes <= this.interceptor.maxHeldBytes) return
    const head = this.outbox[0]
    if (head?.kind !== 'message' || head.decision.kind !== 'held') return
    this.sink.finding(
      proxyFinding(
        'proxy.hold-overflow',
        `${this.outboxBytes} bytes waited behind held message ${head.holdId}, more than the ${this.interceptor.maxHeldBytes}-byte limit: it was forwarded unchanged`,
      ),
    )
    this.settle(head, 'forward', null, 'because too much waited behind it')
  }

  private flush(): void {
    while (this.outbox.length) {
      const unit = this.outbox[0]
      if (unit.kind === 'message' && unit.decision.kind === 'held') return
      this.outbox.shift()
      if (unit.kind === 'bytes') {
        this.outboxBytes -= unit.bytes.length
        this.sink.write(unit.bytes)
      } else {
        this.outboxBytes -= unit.rawLength
        this.send(unit)
      }
    }
    this.outboxBytes = 0
  }

  private send(unit: MessageUnit): void {
    const decision = unit.decision as Exclude<Decision, { kind: 'held' }>
    const base = { index: unit.index, messageType: unit.type, rule: decision.rule, holdId: unit.holdId, expiresAt: null, original: unit.data }
    if (decision.kind === 'drop') {
      // The receiver's window now lacks this message: the tap's own deflater takes over.
      if (unit.compressed && this.takeover) this.redeflating = true
      this.sink.outcome({ ...base, mark: 'dropped', delivered: null, deliveredWire: null, reason: decision.reason })
      return
    }
    if (decision.kind === 'pass' && !(unit.compressed && this.redeflating)) {
      for (const bytes of unit.raw) this.sink.write(bytes)
      this.sink.outcome({ ...base, mark: 'original', delivered: unit.data, deliveredWire: null, reason: decision.reason })
      return
    }
    const data = decision.kind === 'replace' ? decision.data : unit.data
    const wire = this.frame(unit, data)
    this.sink.write(wire)
    const mark = decision.kind === 'replace' ? 'modified' : 'original'
    const reason =
      decision.kind !== 'replace'
        ? `${decision.reason}; re-compressed by the tap (an earlier change put the receiver's window out of step with the sender's)`
        : decision.reason
    this.sink.outcome({ ...base, mark, delivered: data, deliveredWire: wire, reason })
  }

  /** The message framed anew: compressed if it came compressed, split as it came, masked toward the server. */
  private frame(unit: MessageUnit, data: Uint8Array): Uint8Array {
    const compress = unit.compressed && this.deflate !== null
    if (compress) {
      this.deflater ??= new MessageDeflater(paramsFor(this.deflate!, this.sender))
      if (this.takeover) this.redeflating = true
    }
    const payload = compress ? this.deflater!.compress(data) : data
    const count = Math.max(1, Math.min(unit.frameCount, payload.length))
    const size = Math.ceil(payload.length / count)
    const frames: Uint8Array[] = []
    for (let i = 0; i < count; i++) {
      const piece = payload.subarray(i * size, Math.min(payload.length, (i + 1) * size))
      const opcode = i === 0 ? (unit.type === 'text' ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION
      frames.push(encodeFrame({ opcode, fin: i === count - 1, rsv1: compress && i === 0, payload: piece, mask: this.sender === 'client' }))
    }
    return frames.length === 1 ? frames[0] : concatBytes(frames)
  }
}

function decide(outcome: RuleOutcome): Decision {
  switch (outcome.kind) {
    case 'pass':
      return { kind: 'pass', rule: null, reason: 'no rule matched' }
    case 'replace':
      return {
        kind: 'replace',
        data: outcome.data,
        rule: outcome.rules[0],
        reason: `changed by replace rule${outcome.rules.length > 1 ? 's' : ''} ${outcome.rules.map((r) => r + 1).join(', ')}`,
      }
    case 'drop':
      return { kind: 'drop', rule: outcome.rule, reason: `dropped by rule ${outcome.rule + 1}` }
    case 'break':
      return { kind: 'held', rule: outcome.rule, data: outcome.data }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function isUtf8(data: Uint8Array): boolean {
  try {
    utf8.decode(data)
    return true
  } catch {
    return false
  }
}
