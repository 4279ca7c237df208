/**
 * A filter applied to a growing MessageStore: the matching message indices, found a slice at
 * a time (`step` stops at a deadline so the UI never waits for a million messages), then
 * incrementally as messages arrive. Without a matcher every message matches and nothing
 * is stored. Pausing freezes the rows shown at a store length while scanning goes on.
 */
import { IndexList } from './chunked-column.ts'
import type { RangeMatcher } from './message-filter.ts'
import type { MessageStore } from './message-store.ts'

/** Messages tested between two looks at the clock. */
const CLOCK_EVERY = 4096

/** The rows a filter lets through, found in the background as the store grows. */
export interface LogScan {
  readonly store: MessageStore
  /** Null: every message is shown. */
  readonly matcher: RangeMatcher | null
  readonly scanned: number
  readonly done: boolean
  /** Works towards `done` until `performance.now()` passes `deadline`; true when done. */
  step(deadline: number): boolean
  count(limit?: number): number
  messageAt(row: number): number
  rowOf(index: number): number
  /** Stops background work (a worker) for good. */
  dispose(): void
}

export class FilterScan implements LogScan {
  readonly matches = new IndexList()
  /** Messages [0, scanned) have been tested. */
  scanned = 0
  /** How many messages can be tested yet: all stored, unless limitTo says otherwise. */
  private testable: (() => number) | null = null

  constructor(
    readonly store: MessageStore,
    readonly matcher: RangeMatcher | null,
  ) {}

  get done(): boolean {
    return this.matcher === null || this.scanned >= this.store.length
  }

  /** A filter on payload decoding tests only the messages decoded so far; the scan waits for the rest. */
  limitTo(testable: () => number): this {
    this.testable = testable
    return this
  }

  /** The end of what can be tested now. */
  protected get end(): number {
    return this.testable ? Math.min(this.store.length, this.testable()) : this.store.length
  }

  /** Tests messages until all are tested or `performance.now()` passes `deadline`; true when done. */
  step(deadline: number): boolean {
    const { matcher, matches } = this
    if (matcher === null) return true
    for (let limit = this.end; this.scanned < limit; limit = this.end) {
      const end = Math.min(limit, this.scanned + CLOCK_EVERY)
      matcher(this.store, this.scanned, end, matches)
      this.scanned = end
      if (performance.now() >= deadline) break
    }
    return this.done
  }

  dispose(): void {}

  /** Rows to show: the matches (all messages without a filter) below `limit` (a pause point). */
  count(limit = Infinity): number {
    if (this.matcher === null) return Math.min(limit, this.store.length)
    return limit >= this.store.length ? this.matches.length : this.matches.countBelow(limit)
  }

  /** The message shown at `row`. */
  messageAt(row: number): number {
    return this.matcher === null ? row : this.matches.get(row)
  }

  /** The row showing message `index`, or -1 when the filter hides it. */
  rowOf(index: number): number {
    if (this.matcher === null) return index < this.store.length ? index : -1
    return this.matches.indexOf(index)
  }
}
