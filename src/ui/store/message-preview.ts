/**
 * One-line previews for the log's preview column (the core's messagePreview), decoded only for
 * the rows on screen and kept in a small LRU cache: scrolling back and forth costs nothing, a
 * million messages cost nothing until they are looked at.
 */
import { messagePreview } from '../../protocol/index.ts'
import type { MessageStore } from './message-store.ts'

const CACHE_SIZE = 1000

export class MessagePreviews {
  private readonly cache = new Map<number, string>()

  constructor(private readonly store: MessageStore) {}

  get(i: number): string {
    let text = this.cache.get(i)
    if (text !== undefined) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.cache.delete(i)
    } else {
      text = preview(this.store, i)
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!)
    }
    this.cache.set(i, text)
    return text
  }
}

function preview(store: MessageStore, i: number): string {
  return messagePreview({ type: store.type(i), data: store.payload(i), closeCode: store.closeCode(i), gap: store.gap(i) })
}
