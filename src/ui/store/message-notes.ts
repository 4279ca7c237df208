/**
 * Something the log shows about a few of its messages, by store index, that arrives after the
 * message (a rule's mark, a protocol violation). Setting one bumps the message's version, so its
 * row is drawn again (log-row.tsx memoizes rows on index, store and version).
 */
import type { MessageStore } from './message-store.ts'

export class MessageNotes<T> {
  private readonly notes = new Map<number, T>()

  constructor(private readonly store: MessageStore) {}

  get size(): number {
    return this.notes.size
  }

  get(i: number): T | undefined {
    return this.notes.get(i)
  }

  has(i: number): boolean {
    return this.notes.has(i)
  }

  /** The messages with a note, in the order they got it. */
  keys(): IterableIterator<number> {
    return this.notes.keys()
  }

  set(i: number, note: T): void {
    this.notes.set(i, note)
    this.store.touch(i)
  }
}
