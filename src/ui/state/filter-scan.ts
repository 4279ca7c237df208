/**
 * A filter applied to a growing MessageStore: the matching message indices, found a slice at
 * a time (`step` stops at a deadline so the UI never waits for a million messages), then
 * incrementally as messages arrive. Without a predicate every message matches and nothing
 * is stored. Pausing freezes the rows shown at a store length while scanning goes on.
 */
import { IndexList } from './chunked-column.ts'
import type { Predicate } from './message-filter.ts'
import type { MessageStore } from './message-store.ts'

/** Messages tested between two looks at the clock. */
const CLOCK_EVERY = 2048

export class FilterScan {
  readonly matches = new IndexList()
  /** Messages [0, scanned) have been tested. */
  scanned = 0

  constructor(
    readonly store: MessageStore,
    readonly predicate: Predicate | null,
  ) {}

  get done(): boolean {
    return this.predicate === null || this.scanned >= this.store.length
  }

  /** Tests messages until all are tested or `performance.now()` passes `deadline`; true when done. */
  step(deadline: number): boolean {
    const { predicate, store, matches } = this
    if (predicate === null) return true
    let i = this.scanned
    while (i < store.length) {
      const end = Math.min(store.length, i + CLOCK_EVERY)
      for (; i < end; i++) if (predicate(store, i)) matches.push(i)
      if (performance.now() >= deadline) break
    }
    this.scanned = i
    return this.done
  }

  /** Rows to show: the matches (all messages without a filter) below `limit` (a pause point). */
  count(limit = Infinity): number {
    if (this.predicate === null) return Math.min(limit, this.store.length)
    return limit >= this.store.length ? this.matches.length : this.matches.countBelow(limit)
  }

  /** The message shown at `row`. */
  messageAt(row: number): number {
    return this.predicate === null ? row : this.matches.get(row)
  }

  /** The row showing message `index`, or -1 when the filter hides it. */
  rowOf(index: number): number {
    if (this.predicate === null) return index < this.store.length ? index : -1
    return this.matches.indexOf(index)
  }
}
