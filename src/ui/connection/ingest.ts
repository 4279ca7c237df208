/**
 * Batched ingestion: sockets hand messages in as they arrive (`enqueue` only pushes to the
 * connection's queue), and once per animation frame `flush` appends each batch to its
 * connection's message store, feeds the timeline, filters the new messages and asks for one
 * render of each log it touched. At 20,000 messages a second that is ~330 messages per frame.
 */
import { BINARY, NON_ASCII, type MessageBatch } from '../store/message-batch.ts'
import type { MessageInput } from '../store/message-store.ts'
import type { Connection, ConnectionData } from './connection.ts'
import { onNextFrame } from './next-frame.ts'

/** A message, or anything else to apply to a connection's data in arrival order (tap frames). */
export type IngestItem = MessageInput | ((data: ConnectionData) => void)

/** Time the flush gives the filter for the new messages before handing over to the background scan. */
const FILTER_BUDGET_MS = 3
const TIMELINE_EVERY_MS = 500

/** What arrived since the last flush, per connection (emptied by every flush and by discardQueued). */
const queues = new Map<Connection, IngestItem[]>()
let scheduled = false

export function enqueue(conn: Connection, item: IngestItem): void {
  if (conn.isDisposed) return
  let queue = queues.get(conn)
  if (!queue) queues.set(conn, (queue = []))
  queue.push(item)
  if (!scheduled) {
    scheduled = true
    onNextFrame(flush)
  }
}

/** Appends everything queued; runs on the next animation frame (tests call it directly). */
export function flush(): void {
  scheduled = false
  const pending = [...queues]
  queues.clear()
  for (const [conn, queue] of pending) {
    if (conn.isDisposed) continue
    for (const item of queue) {
      if (typeof item === 'function') item(conn)
      else append(conn, item)
    }
    if (!conn.scan.step(performance.now() + FILTER_BUDGET_MS)) conn.runScan()
    conn.publishTimeline(TIMELINE_EVERY_MS)
    conn.requestRender()
  }
}

/** Queues a batch of received messages (from a socket worker). */
export function enqueueBatch(conn: Connection, batch: MessageBatch, wire: MessageInput['wire']): void {
  enqueue(conn, (data) => {
    let at = 0
    for (let i = 0; i < batch.count; i++) {
      const stored = batch.stored[i]
      const kind = batch.kinds[i]
      append(data, {
        t: batch.times[i],
        sender: 'server',
        type: kind & BINARY ? 'binary' : 'text',
        data: batch.bytes.subarray(at, at + stored),
        size: batch.sizes[i],
        nonAscii: (kind & NON_ASCII) !== 0,
        wire,
      })
      at += stored
    }
  })
}

/**
 * Appends one message to the log and the timeline (queued items call it from the flush);
 * returns its index in the store. Rows are in arrival order, but their times come from several
 * clocks (the page, its socket worker, the companion server): the log keeps one monotonic
 * clock, so a time is never earlier than the row above it (an echo is never before its send,
 * and Δ is never negative).
 */
export function append(data: ConnectionData, m: MessageInput): number {
  const { messages } = data
  if (messages.length && m.t < messages.time(messages.length - 1)) m = { ...m, t: messages.time(messages.length - 1) }
  const i = messages.append(m)
  data.timeline.message(m.t, m.sender === 'server', messages.size(i), messages.wirePayload(i), m.compressed ?? false)
  return i
}

/** Drops what is queued for a connection (its log was cleared or it was disposed). */
export function discardQueued(conn: Connection): void {
  queues.delete(conn)
}

/** Connections with something queued (tests check that a disposed one is not among them). */
export function queuedCount(): number {
  return queues.size
}
