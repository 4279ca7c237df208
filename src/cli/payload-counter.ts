import { byteView, type CaptureOptions, type CountingSink } from '../protocol/index.ts'
import type * as payloadModule from './decode-payload.ts'
import type { PayloadArgs } from './decode-payload.ts'
import type { PayloadSession } from '../payload/session.ts'

type PayloadModule = typeof payloadModule

/** What `--stats` tells of each message, in order, to name its payload decoder. */
export interface MessageCounter {
  readonly provesUtf8?: CountingSink['provesUtf8']
  /** A message the decoder made a record of (fragmented, compressed, control): its application data. */
  add(type: string, data: Uint8Array): void
  /** A data message that arrived whole: its application data is `bytes[start, end)`. */
  addWhole(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void
  /**
   * For a counter that reads the bytes later (another thread): hands on what it was told so far
   * and answers a mark, which `reached` says when it has read all of. Without them, a counter is
   * done with a message's bytes when add or addWhole returns.
   */
  mark?(): number
  reached?(mark: number): boolean
}

/** Names each message's payload decoder, as `--json` would, and counts the names. */
export class PayloadCounter implements MessageCounter {
  readonly counts
  private readonly session: PayloadSession
  /** Whether the JSON scan named the whole message the decoder asked provesUtf8 about last. */
  private scanned = false

  constructor(
    payload: PayloadModule,
    args: PayloadArgs,
    private readonly from: CaptureOptions['from'],
  ) {
    this.session = payload.payloadSession(args)
    this.counts = new payload.PayloadCounts()
  }

  /**
   * The decoder asks this just before it tells of a whole text message: the JSON scan that names
   * most messages reads UTF-8 as well, so when it names this one the decoder need not validate
   * it, and addWhole need not scan it again.
   */
  readonly provesUtf8 = (bytes: Uint8Array, start: number, end: number): boolean => (this.scanned = this.session.namedByScan(bytes, start, end))

  add(type: string, data: Uint8Array): void {
    this.scanned = false
    this.counts.add(this.session.identifyMessage(type, data, this.from))
  }

  addWhole(type: 'text' | 'binary', bytes: Uint8Array, start: number, end: number): void {
    if (this.scanned) this.addScanned()
    else this.counts.add(this.session.identifyMessage(type, byteView(bytes, start, end), this.from))
  }

  /** `times` whole text messages in a row the JSON scan named (here, just before, or on another thread). */
  addScanned(times = 1): void {
    this.scanned = false
    this.counts.add(this.session.identifyScanned(), times)
  }
}
