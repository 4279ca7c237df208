/**
 * The full decoding (value, layers, errors) of the message the details panel shows, on the main
 * thread: the log's columns come from the payload worker (payload-batch.ts), this is one message
 * at a time. Stateful layers (zlib streams, Socket.IO attachments) and the remembered choice of
 * decoder need the messages in order, so asking for message i decodes every message up to i
 * once; a saved or imported session replays the same way.
 */
import { PayloadSession, type PayloadMode, type PayloadResult, type ProtoSchema } from '../../payload/index.ts'
import type { MessageStore } from './message-store.ts'
import { RecentByIndex } from './recent-by-index.ts'

export interface PayloadSettings {
  mode: PayloadMode
  proto: ProtoSchema | null
}

export const AUTO_PAYLOAD: PayloadSettings = { mode: 'auto', proto: null }

/** The one way the app makes a PayloadSession from its settings (the log's worker, the details panel). */
export function sessionFor({ mode, proto }: PayloadSettings, subprotocol: string | null): PayloadSession {
  return new PayloadSession({ subprotocol, payload: mode, options: { proto } })
}

/** Full results kept for the most recently decoded messages; older ones are decoded again when asked. */
const KEEP_RESULTS = 2_000
/**
 * Decoding in order costs every message before the one asked for: further than this from where
 * the ordered decoding is (a message far down a million), the message is decoded alone.
 */
const NEAR = 2_000

/** A message's full decoding; `alone` when it was decoded without the messages before it. */
export interface PanelDecoding {
  result: PayloadResult
  alone: boolean
}

export class PayloadLog {
  private session: PayloadSession
  /** Messages [0, decoded) have been decoded in order. */
  private decoded = 0
  private readonly results = new RecentByIndex<PayloadResult>(KEEP_RESULTS)

  constructor(
    readonly store: MessageStore,
    readonly settings: PayloadSettings,
    readonly subprotocol: string | null,
  ) {
    this.session = sessionFor(settings, subprotocol)
  }

  /** The decoding of message i, in order with every message before it (exact, whatever the cost). */
  result(i: number): PayloadResult {
    const end = Math.min(i + 1, this.store.length)
    while (this.decoded < end) {
      const j = this.decoded++
      this.results.set(j, this.decodeOne(this.session, j))
    }
    return this.results.get(i) ?? this.replay(i)
  }

  /**
   * Message i for the details panel: in order when that is cheap (near what was decoded), else
   * alone with the innermost decoder the log found for it (`innermost`; undefined when not known
   * yet) — exact for every decoder that keeps no state across messages.
   */
  read(i: number, innermost?: string | null): PanelDecoding {
    const cached = this.results.get(i)
    if (cached) return { result: cached, alone: false }
    if ((i >= this.decoded && i - this.decoded < NEAR) || i < NEAR) return { result: this.result(i), alone: false }
    const mode = innermost === undefined ? this.settings.mode : innermost === null ? 'none' : [innermost]
    return { result: this.decodeOne(sessionFor({ ...this.settings, mode }, this.subprotocol), i), alone: true }
  }

  private decodeOne(session: PayloadSession, j: number): PayloadResult {
    return session.decodeMessage(this.store.type(j), this.store.payload(j), this.store.sender(j))
  }

  /** An evicted result: decoded again from the first message, so stateful layers are right. */
  private replay(i: number): PayloadResult {
    const session = sessionFor(this.settings, this.subprotocol)
    let r: PayloadResult | null = null
    for (let j = 0; j <= i; j++) r = this.decodeOne(session, j)
    return r!
  }
}
