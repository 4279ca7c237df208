/**
 * What each message of a connection means (src/payload), worked out on demand. Stateful layers
 * (zlib streams, Socket.IO attachments) and the remembered choice of decoder need the messages
 * in order, so asking for message i decodes every message up to i once; the log asks only for
 * the rows in view and the filter for what it tests. A saved or imported session replays the
 * same way, so its stateful layers come back without storing any state.
 */
import { payloadRegistry, PayloadSession, type PayloadKind, type PayloadMode, type PayloadResult, type ProtoSchema } from '../../payload/index.ts'
import type { MessageStore } from './message-store.ts'
import { RecentByIndex } from './recent-by-index.ts'

export interface PayloadSettings {
  mode: PayloadMode
  proto: ProtoSchema | null
}

export const AUTO_PAYLOAD: PayloadSettings = { mode: 'auto', proto: null }

/** Full results kept for the most recently decoded messages; older ones are decoded again when asked. */
const KEEP_RESULTS = 20_000
/**
 * What a render may decode on the spot, in messages and in payload bytes; further ahead (a big
 * import opened at its end), decoding catches up in slices. Bytes count too: 2,000 messages of
 * 16 KiB each took one task of about a second, mostly the collector.
 */
const CATCH_UP_IN_VIEW = 2_000
const CATCH_UP_BYTES = 512 * 1024
/** Messages decoded between two looks at the clock while catching up. */
const STEP_MESSAGES = 16
const KINDS: PayloadKind[] = ['data', 'event', 'request', 'response', 'error', 'subscribe', 'unsubscribe', 'heartbeat', 'control']
const NO_DECODER = 255
/** Kinds that ask for an answer; their partner comes later from the other side. */
const ASKING = new Set<PayloadKind>(['request', 'event', 'subscribe', 'unsubscribe'])

export class PayloadLog {
  private session: PayloadSession
  /** Messages [0, decoded) have been decoded in order. */
  private decoded = 0
  private kindCodes = new Uint8Array(1024)
  private decoderCodes = new Uint8Array(1024)
  private readonly results = new RecentByIndex<PayloadResult>(KEEP_RESULTS)
  private readonly correlationOf = new Map<number, string>()
  private readonly byCorrelation = new Map<string, number[]>()

  constructor(
    readonly store: MessageStore,
    readonly settings: PayloadSettings,
    readonly subprotocol: string | null,
  ) {
    this.session = this.newSession()
  }

  private newSession(): PayloadSession {
    return new PayloadSession({ subprotocol: this.subprotocol, payload: this.settings.mode, options: { proto: this.settings.proto } })
  }

  /** Whether message i can be had now: decoded already, or few enough messages before it. */
  ready(i: number, budget = CATCH_UP_IN_VIEW, byteBudget = CATCH_UP_BYTES): boolean {
    if (i < this.decoded) return true
    if (i - this.decoded >= budget) return false
    let bytes = 0
    for (let j = this.decoded; j <= i && j < this.store.length; j++) if ((bytes += this.store.size(j)) > byteBudget) return false
    return true
  }

  /** Decodes further in order until `deadline` (performance.now()) or message `target`; true when there. */
  step(target: number, deadline: number): boolean {
    while (this.decoded <= target && this.decoded < this.store.length) {
      this.decodeTo(Math.min(target, this.decoded + STEP_MESSAGES - 1))
      if (performance.now() >= deadline) break
    }
    return this.decoded > target || this.decoded >= this.store.length
  }

  /** The decoding of message i. */
  result(i: number): PayloadResult {
    this.decodeTo(i)
    return this.results.get(i) ?? this.replay(i)
  }

  kind(i: number): PayloadKind {
    this.decodeTo(i)
    return KINDS[this.kindCodes[i]]
  }

  decoder(i: number): string | null {
    this.decodeTo(i)
    const code = this.decoderCodes[i]
    return code === NO_DECODER ? null : payloadRegistry.ids[code]
  }

  /**
   * The message that answers i (or that i answers): same correlation id, the other side;
   * an answer comes after its request, a request before its answer. Null when there is none yet.
   */
  partner(i: number): number | null {
    this.decodeTo(i)
    const id = this.correlationOf.get(i)
    if (id === undefined) return null
    const sender = this.store.sender(i)
    const asking = ASKING.has(this.kind(i))
    const candidates = (this.byCorrelation.get(id) ?? []).filter((j) => this.store.sender(j) !== sender && (asking ? j > i : j < i))
    if (candidates.length === 0) return null
    return asking ? candidates[0] : candidates[candidates.length - 1]
  }

  /** Whether i asks for an answer (it has a correlation id and a kind that expects one). */
  asks(i: number): boolean {
    this.decodeTo(i)
    return this.correlationOf.has(i) && ASKING.has(KINDS[this.kindCodes[i]])
  }

  private decodeTo(i: number): void {
    const end = Math.min(i + 1, this.store.length)
    while (this.decoded < end) {
      const j = this.decoded++
      const r = this.decodeOne(this.session, j)
      this.grow(j)
      this.kindCodes[j] = KINDS.indexOf(r.kind)
      this.decoderCodes[j] = r.decoder === null ? NO_DECODER : payloadRegistry.ids.indexOf(r.decoder)
      if (r.correlation !== null) {
        this.correlationOf.set(j, r.correlation)
        const list = this.byCorrelation.get(r.correlation)
        if (list) list.push(j)
        else this.byCorrelation.set(r.correlation, [j])
      }
      this.results.set(j, r)
    }
  }

  private decodeOne(session: PayloadSession, j: number): PayloadResult {
    return session.decodeMessage(this.store.type(j), this.store.payload(j), this.store.sender(j))
  }

  /** An evicted result: decoded again from the first message, so stateful layers are right. */
  private replay(i: number): PayloadResult {
    const session = this.newSession()
    let r: PayloadResult | null = null
    for (let j = 0; j <= i; j++) r = this.decodeOne(session, j)
    return r!
  }

  private grow(j: number): void {
    if (j < this.kindCodes.length) return
    const size = Math.max(j + 1, this.kindCodes.length * 2)
    const kinds = new Uint8Array(size)
    kinds.set(this.kindCodes)
    this.kindCodes = kinds
    const decoders = new Uint8Array(size)
    decoders.set(this.decoderCodes)
    this.decoderCodes = decoders
  }
}
