/**
 * What each message of a connection decodes as (src/payload), as the log shows it: the innermost
 * decoder, the kind, the summary and correlation ids, filled by PayloadBatches from the payload
 * worker in store order. Messages [0, length) are decoded; the rest show as pending. Like the
 * message store it only grows, so a published LogView reads the same rows for as long as it is shown.
 */
import { payloadRegistry, type PayloadKind } from '../../payload/index.ts'
import { ByteSlabs } from './byte-slabs.ts'
import { ChunkedColumn } from './chunked-column.ts'
import type { MessageStore } from './message-store.ts'
import { NO_DECODER, PAYLOAD_KINDS, type PayloadBatch } from './payload-batch.ts'

/** Kinds that ask for an answer; their partner comes later from the other side. */
const ASKING = new Set<PayloadKind>(['request', 'event', 'subscribe', 'unsubscribe'])
const utf8 = new TextDecoder()

export class PayloadColumn {
  /** Messages [0, length) are decoded. */
  length = 0
  private readonly decoders = new ChunkedColumn((n) => new Uint8Array(n))
  private readonly kinds = new ChunkedColumn((n) => new Uint8Array(n))
  private readonly summarySlab = new ChunkedColumn((n) => new Uint16Array(n))
  private readonly summaryAt = new ChunkedColumn((n) => new Uint32Array(n))
  private readonly summaryLength = new ChunkedColumn((n) => new Uint16Array(n))
  /** PayloadBatch.summaryPrefix: a summary that is the start of the payload is read from the message store. */
  private readonly summaryPrefix = new ChunkedColumn((n) => new Uint32Array(n))
  private readonly slabs = new ByteSlabs()
  private readonly correlationOf = new Map<number, string>()
  private readonly byCorrelation = new Map<string, number[]>()
  private readonly errors = new Map<number, string>()

  constructor(readonly store: MessageStore) {}

  /** Appends the next batch; false (and nothing changes) when it is not the next one. */
  append(batch: PayloadBatch): boolean {
    if (batch.from !== this.length) return false
    const { slabs } = this
    slabs.ensure(batch.summaries.length)
    const base = slabs.cursor
    slabs.current.set(batch.summaries, base)
    slabs.commit(batch.summaries.length)
    let start = 0
    for (let k = 0; k < batch.count; k++) {
      const i = batch.from + k
      this.decoders.set(i, batch.decoders[k])
      this.kinds.set(i, batch.kinds[k])
      this.summarySlab.set(i, slabs.slabIndex)
      this.summaryAt.set(i, base + start)
      this.summaryLength.set(i, batch.summaryEnds[k] - start)
      this.summaryPrefix.set(i, batch.summaryPrefix[k])
      start = batch.summaryEnds[k]
    }
    for (const [k, message] of batch.errors) this.errors.set(batch.from + k, message)
    this.length += batch.count
    // Each decoded row is drawn again; so is a request whose answer this is.
    for (let k = 0; k < batch.count; k++) this.store.touch(batch.from + k)
    for (const [k, id] of batch.correlations) this.correlate(batch.from + k, id)
    return true
  }

  /**
   * Message i has correlation id `id`: it may be the first answer of the other side's requests
   * since this side's last message of that id (an earlier one there already answered those
   * before it), so they show their partner.
   */
  private correlate(i: number, id: string): void {
    this.correlationOf.set(i, id)
    const list = this.byCorrelation.get(id)
    if (!list) return void this.byCorrelation.set(id, [i])
    const sender = this.store.sender(i)
    for (let n = list.length - 1; n >= 0 && this.store.sender(list[n]) !== sender; n--) this.store.touch(list[n])
    list.push(i)
  }

  ready(i: number): boolean {
    return i < this.length
  }

  /** The innermost decoder of message i (decoded), or null when none read it. */
  decoder(i: number): string | null {
    const code = this.decoders.get(i)
    return code === NO_DECODER ? null : (payloadRegistry.ids[code] ?? null)
  }

  kind(i: number): PayloadKind {
    return PAYLOAD_KINDS[this.kinds.get(i)] ?? 'data'
  }

  summary(i: number): string {
    const prefix = this.summaryPrefix.get(i)
    if (prefix) return utf8.decode(this.store.payload(i).subarray(0, prefix >>> 1)) + (prefix & 1 ? '…' : '')
    return utf8.decode(this.slabs.bytes(this.summarySlab.get(i), this.summaryAt.get(i), this.summaryLength.get(i)))
  }

  /** The first error a decoder reported for message i, or null. */
  error(i: number): string | null {
    return this.errors.get(i) ?? null
  }

  correlation(i: number): string | null {
    return this.correlationOf.get(i) ?? null
  }

  /**
   * The message that answers i (or that i answers): same correlation id, the other side;
   * an answer comes after its request, a request before its answer. Null when there is none yet.
   */
  partner(i: number): number | null {
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
    return this.correlationOf.has(i) && ASKING.has(this.kind(i))
  }
}
