import {
  MessageEncoder,
  StreamDecoder,
  encodeCloseBody,
  isValidWireCloseCode,
  negotiatedDeflate,
  type DeflateParams,
  type RandomSource,
} from '../protocol/index.ts'
import type { CaseContext, CheckCase, HandshakeOutcome, Observed, Script } from './case-definition.ts'
import { buildRequest, freshKey, header, headEnd, MAX_RESPONSE_HEAD, readResponseHead, type Target } from './client-handshake.ts'
import { judgeCase, type CaseOutcome, type CaseResult } from './judge.ts'
import { sameEvents } from './observed.ts'
import { WireLog } from './wire-log.ts'

export interface CaseRunOptions {
  target: Target
  /** The whole case, handshake included, ends after this long. */
  timeoutMs: number
  /** Autobahn's killAfter/closeAfter: how long to wait for the server to act before acting for it. */
  settleMs: number
  full: boolean
  random?: RandomSource
}

type Pending = { kind: 'wait'; until: number; mark?: string } | { kind: 'receive' } | { kind: 'chops'; queue: Uint8Array[]; pauseMs: number; next: number }

const TEXT = new TextDecoder('latin1')

/**
 * Runs ONE case over one connection, Sans-I/O: the runner hands it bytes, the end of the
 * stream and the time; it hands back bytes to write, when it next needs the time, and
 * whether to drop the connection. No sockets and no timers, so every judgement can be
 * tested with a scripted fake server.
 */
export class CaseRun {
  private readonly outgoing: Uint8Array[] = []
  private readonly wire = new WireLog()
  private readonly received: Observed[] = []
  private readonly random: RandomSource
  private phase: 'idle' | 'handshake' | 'open' | 'done' = 'idle'
  private startedAt = 0
  private request: { text: string; key: string | null } | null = null
  private head: Uint8Array = new Uint8Array(0)
  private handshake: HandshakeOutcome | null = null
  private decoder: StreamDecoder | null = null
  private encoder: MessageEncoder
  private script: Script | null = null
  private scriptDone = false
  private pending: Pending | null = null
  private settleAt: number | null = null
  private closingUntil: number | null = null
  private closeSent = false
  private closeReceived: { code: number | null; reason: string } | null = null
  private serverClosedFirst = false
  private tcpClosedByServer = false
  private droppedByMe = false
  private timedOut = false
  private protocolError: string | null = null
  private handshakeVerdict: CaseOutcome['handshakeVerdict'] = null
  private scriptVerdict: CaseOutcome['scriptVerdict'] = null
  private now = 0
  /** The runner must close the TCP connection now. */
  wantsDrop = false
  result: CaseResult | null = null

  constructor(
    readonly definition: CheckCase,
    private readonly options: CaseRunOptions,
  ) {
    this.random = options.random ?? ((bytes) => void globalThis.crypto.getRandomValues(bytes))
    this.encoder = new MessageEncoder({ sender: 'client', random: this.random })
  }

  get done(): boolean {
    return this.phase === 'done'
  }

  /** The handshake response's Server field, once it has come. */
  get serverHeader(): string | null {
    return this.handshake ? header(this.handshake, 'Server') : null
  }

  /**
   * The server upgraded, then sent nothing and closed nothing on its own: when the case failed
   * for it, the runner checks with an echo probe whether the server still echoes at all.
   */
  get silent(): boolean {
    return this.handshake?.status === 101 && this.received.length === 0 && !this.serverClosedFirst
  }

  /** The TCP (or TLS) connection is up: the opening handshake goes out. */
  start(now: number): void {
    this.now = now
    this.startedAt = now
    this.phase = 'handshake'
    this.request = buildRequest(this.options.target, this.definition.request ?? {}, freshKey(this.random))
    this.outgoing.push(new TextEncoder().encode(this.request.text))
  }

  /** The connection could not be made at all. */
  connectFailed(message: string, now: number): void {
    this.now = now
    this.startedAt ||= now
    this.protocolError = `no connection: ${message}`
    this.finish()
  }

  bytesToSend(): Uint8Array[] {
    return this.outgoing.splice(0)
  }

  /** When the runner must call `tick` next (absolute time), or null when only I/O can move the case on. */
  get nextDeadline(): number | null {
    if (this.phase === 'done') return null
    const times = [this.startedAt + this.options.timeoutMs]
    if (this.pending?.kind === 'wait') times.push(this.pending.until)
    if (this.pending?.kind === 'chops') times.push(this.pending.next)
    if (this.settleAt !== null) times.push(this.settleAt)
    if (this.closingUntil !== null) times.push(this.closingUntil)
    return Math.min(...times)
  }

  receiveData(chunk: Uint8Array, now: number): void {
    this.now = now
    if (this.phase === 'handshake') return this.receiveHead(chunk)
    if (this.phase !== 'open' || !this.decoder) return
    this.receiveFrames(chunk)
    this.settle()
  }

  /** The server closed the connection (or it broke). */
  receiveEof(now: number): void {
    this.now = now
    if (this.phase === 'done') return
    this.tcpClosedByServer = true
    if (!this.closeSent && !this.closeReceived) this.serverClosedFirst = true
    if (this.phase === 'handshake' && !this.handshake) this.protocolError = 'the server closed the connection before answering the opening handshake'
    this.decoder?.receiveEof()
    this.finish()
  }

  tick(now: number): void {
    this.now = now
    if (this.phase === 'done') return
    if (now >= this.startedAt + this.options.timeoutMs) {
      this.timedOut = true
      return this.drop()
    }
    const pending = this.pending
    if (pending?.kind === 'wait' && now >= pending.until) {
      this.pending = null
      if (this.isOpen()) {
        if (pending.mark) this.received.push({ kind: 'timeout', mark: pending.mark })
        this.advance(undefined)
      }
    } else if (pending?.kind === 'chops' && now >= pending.next) {
      this.sendRaw(pending.queue.shift()!)
      if (pending.queue.length) pending.next = now + pending.pauseMs
      else {
        this.pending = null
        this.advance(undefined)
      }
    }
    if (this.closingUntil !== null && now >= this.closingUntil) return this.drop()
    if (this.settleAt !== null && now >= this.settleAt) {
      this.settleAt = null
      // Autobahn's closeAfter when the case expects to close, its killAfter otherwise.
      if (this.definition.close.byMe && !this.closeSent && !this.closeReceived) this.sendClose(encodeCloseBody(1000))
      else if (!this.closeSent && !this.closeReceived) return this.drop()
    }
    this.settle()
  }

  private receiveHead(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.head.length + chunk.length)
    joined.set(this.head)
    joined.set(chunk, this.head.length)
    this.head = joined
    const end = headEnd(joined)
    if (end < 0) {
      if (joined.length > MAX_RESPONSE_HEAD) {
        this.protocolError = `the response head is longer than ${MAX_RESPONSE_HEAD} bytes: not an HTTP answer to the handshake`
        this.drop()
      }
      return
    }
    const handshake = readResponseHead(TEXT.decode(joined.subarray(0, end)), this.request!)
    if (!handshake) {
      this.protocolError = `the server's answer is not HTTP: ${JSON.stringify(TEXT.decode(joined.subarray(0, Math.min(end, 40))))}`
      return this.drop()
    }
    this.handshake = handshake
    const rest = joined.subarray(end)
    this.head = new Uint8Array(0)
    const definition = this.definition
    if (definition.judgeHandshake) {
      this.handshakeVerdict = definition.judgeHandshake(handshake)
      if (handshake.status !== 101) return this.drop()
      this.open(null, rest)
      this.scriptDone = true
      this.sendClose(encodeCloseBody(1000))
      return
    }
    if (handshake.status !== 101) {
      this.protocolError = `the server refused the opening handshake: ${handshake.status} ${handshake.statusText}`.trim()
      return this.drop()
    }
    const deflate = negotiatedDeflate(header(handshake, 'Sec-WebSocket-Extensions'))
    if (deflate.findings.length) {
      this.handshakeVerdict = {
        verdict: 'FAILED',
        observed: `invalid permessage-deflate response "${header(handshake, 'Sec-WebSocket-Extensions')}": ${deflate.findings[0].message}`,
      }
      return this.drop()
    }
    this.open(deflate.params, rest)
    if (definition.needsDeflate && !deflate.params) {
      this.scriptVerdict = { verdict: 'UNIMPLEMENTED', observed: `the server declined permessage-deflate (offer: ${definition.request?.extensions})` }
      this.scriptDone = true
      this.sendClose(encodeCloseBody(1000))
      return
    }
    const context: CaseContext = {
      encoder: this.encoder,
      deflate: deflate.params,
      full: this.options.full,
      now: () => this.now,
      judge: (verdict, observed) => {
        this.scriptVerdict = { verdict, observed }
      },
    }
    this.script = definition.script(context)
    this.advance(undefined)
    this.settle()
  }

  private open(deflate: DeflateParams | null, rest: Uint8Array): void {
    this.phase = 'open'
    this.encoder = new MessageEncoder({ sender: 'client', deflate, random: this.random })
    this.decoder = new StreamDecoder({ from: 'server', deflate, maxPayload: 64 * 1024 * 1024 })
    if (rest.length) this.receiveFrames(rest)
  }

  private receiveFrames(chunk: Uint8Array): void {
    const decoder = this.decoder!
    if (decoder.stopped) return
    this.wire.record('received', chunk)
    decoder.receiveData(chunk)
    for (const event of decoder.eventsReceived()) {
      if (event.kind !== 'message') continue
      if (event.type === 'text' || event.type === 'binary') this.observe({ kind: 'message', type: event.type, data: event.data.slice() })
      else if (event.type === 'ping') {
        if (!this.closeSent) this.sendRaw(this.encoder.pong(event.data))
        this.observe({ kind: 'ping', data: event.data.slice() })
      } else if (event.type === 'pong') this.observe({ kind: 'pong', data: event.data.slice() })
      else if (event.type === 'close') this.onClose(event.closeCode, event.closeReason ?? '')
      if (this.phase === 'done') return
    }
    if (decoder.error && this.phase === 'open') {
      this.protocolError = `the server sent an invalid frame: ${decoder.error.message} (${decoder.error.rfc})`
      if (!this.closeSent) this.sendClose(encodeCloseBody(decoder.error.closeCode ?? 1002))
      this.drop()
    }
  }

  private observe(event: Observed): void {
    this.received.push(event)
    if (event.kind === 'ping' || this.pending?.kind !== 'receive') return
    this.pending = null
    this.advance(event)
  }

  private onClose(code: number | null, reason: string): void {
    if (this.closeReceived) return
    this.closeReceived = { code, reason }
    if (!this.closeSent) {
      this.serverClosedFirst = true
      // Echo a valid code as RFC 6455 §5.5.1 suggests; answer an invalid one with 1002.
      this.sendClose(encodeCloseBody(code === null ? null : isValidWireCloseCode(code) ? code : 1002))
    }
    this.pending = null
    this.script = null
    this.closingUntil = this.now + this.options.settleMs
  }

  private isOpen(): boolean {
    return this.phase === 'open' && !this.closeReceived && !this.tcpClosedByServer
  }

  /** Runs the script until it waits for time or for the server. */
  private advance(value: Observed | undefined): void {
    let input = value
    while (this.script && !this.pending && this.phase === 'open' && !this.closeReceived) {
      const step = this.script.next(input)
      input = undefined
      if (step.done) {
        this.script = null
        this.scriptDone = true
        this.settleAt = this.now + this.options.settleMs
        break
      }
      const command = step.value
      if (command.op === 'send') {
        if (!command.chop || command.chop >= command.bytes.length) this.sendRaw(command.bytes)
        else {
          const chops: Uint8Array[] = []
          for (let i = 0; i < command.bytes.length; i += command.chop) chops.push(command.bytes.subarray(i, i + command.chop))
          if (!command.pauseMs) for (const chop of chops) this.sendRaw(chop)
          else {
            this.sendRaw(chops.shift()!)
            this.pending = { kind: 'chops', queue: chops, pauseMs: command.pauseMs, next: this.now + command.pauseMs }
          }
        }
      } else if (command.op === 'close') this.sendClose(command.body)
      else if (command.op === 'wait') this.pending = { kind: 'wait', until: this.now + command.ms, mark: command.mark }
      else this.pending = { kind: 'receive' }
    }
  }

  /** Starts the closing handshake once what the case expected has arrived (Autobahn's finishWhenDone). */
  private settle(): void {
    if (this.phase !== 'open' || !this.scriptDone || this.closeSent || this.closeReceived) return
    if (!this.definition.close.byMe) return
    const expected = this.definition.expected
    const matched = this.scriptVerdict !== null || (expected !== undefined && Object.values(expected).some((list) => sameEvents(this.received, list)))
    if (matched) this.sendClose(encodeCloseBody(1000))
  }

  private sendRaw(bytes: Uint8Array): void {
    if (this.phase === 'done' || bytes.length === 0) return
    this.wire.record('sent', bytes)
    this.outgoing.push(bytes)
  }

  private sendClose(body: Uint8Array): void {
    const first = !this.closeSent
    this.sendRaw(this.encoder.frame({ opcode: 0x8, payload: body }))
    this.closeSent = true
    if (first && !this.closeReceived) this.closingUntil = this.now + this.options.settleMs
  }

  private drop(): void {
    if (this.phase === 'done') return
    this.droppedByMe = true
    this.wantsDrop = true
    this.finish()
  }

  private finish(): void {
    this.phase = 'done'
    this.pending = null
    this.script = null
    const outcome: CaseOutcome = {
      received: this.received,
      handshake: this.handshake,
      handshakeVerdict: this.handshakeVerdict,
      scriptVerdict: this.scriptVerdict,
      protocolError: this.protocolError,
      timedOut: this.timedOut,
      timeoutMs: this.options.timeoutMs,
      closeSent: this.closeSent,
      closeReceived: this.closeReceived,
      serverClosedFirst: this.serverClosedFirst,
      tcpClosedByServer: this.tcpClosedByServer,
      droppedByMe: this.droppedByMe,
    }
    this.result = judgeCase(this.definition, outcome, this.now - this.startedAt, this.wire.frames())
  }
}
