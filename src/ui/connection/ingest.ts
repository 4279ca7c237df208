/**
 * Batched ingestion: sockets hand messages in as they arrive (`enqueue` only pushes to the
 * connection's queue), and a task GATHER_MS later appends each queue to its connection's message
 * store, feeds the timeline, filters the new messages and asks for a render of each log it
 * touched (at most ten a second, in a task of its own). A flush works for FLUSH_BUDGET_MS at
 * most, then yields and goes on in the next task, so a burst (a tab that was hidden, a tap
 * batch of thousands) never becomes one long task.
 */
import { BINARY, NON_ASCII, type MessageBatch } from '../store/message-batch.ts'
import type { MessageInput } from '../store/message-store.ts'
import type { Connection, ConnectionData } from './connection.ts'
import { nextTask } from './next-task.ts'

/** A message, or anything else to apply to a connection's data in arrival order (tap frames). */
export type IngestItem = MessageInput | ((data: ConnectionData) => void)

/** Time the flush gives the filter for the new messages before handing over to the background scan. */
const FILTER_BUDGET_MS = 3
/** Time a scheduled flush appends for before it yields (an item, e.g. one batch, is not split). */
const FLUSH_BUDGET_MS = 8
const TIMELINE_EVERY_MS = 500
/**
 * A flush gathers what arrives during this long (a frame's time): fewer, larger appends, and
 * fewer requests to the payload worker, than one per socket or captures batch.
 */
const GATHER_MS = 16

/** What arrived and is not appended yet, per connection (emptied by flushes and by discardQueued). */
const queues = new Map<Connection, IngestItem[]>()
let scheduled = false

export function enqueue(conn: Connection, item: IngestItem): void {
  if (conn.isDisposed) return
  let queue = queues.get(conn)
  if (!queue) queues.set(conn, (queue = []))
  queue.push(item)
  schedule()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  setTimeout(flushSome, GATHER_MS)
}

function flushSome(): void {
  flush(performance.now() + FLUSH_BUDGET_MS)
}

/**
 * Appends what is queued, until `deadline` (performance.now()) if given — what is left goes on
 * in the next task. Runs in a task of its own after enqueue; tests call it directly.
 */
export function flush(deadline = Infinity): void {
  scheduled = false
  for (const [conn, queue] of queues) {
    if (conn.isDisposed) {
      queues.delete(conn)
      continue
    }
    let done = 0
    // Items may enqueue more for their connection: they land in this queue, in order.
    while (done < queue.length && queues.get(conn) === queue) {
      const item = queue[done++]
      if (typeof item === 'function') item(conn)
      else append(conn, item)
      if (performance.now() > deadline) break
    }
    if (queues.get(conn) === queue) {
      queue.splice(0, done)
      if (!queue.length) queues.delete(conn)
    }
    if (!conn.scan.step(performance.now() + FILTER_BUDGET_MS)) conn.runScan()
    conn.publishTimeline(TIMELINE_EVERY_MS)
    conn.requestRender()
    if (performance.now() > deadline) break
  }
  // What is left goes on at once, in the next task.
  if (queues.size) {
    scheduled = true
    nextTask(flushSome)
  }
}

/** Queues a batch of received messages (from a socket worker). */
export function enqueueBatch(conn: Connection, batch: MessageBatch, wire: MessageInput['wire']): void {
  enqueue(conn, (data) => {
    // One input filled anew for each message: no object per message.
    const m: MessageInput = { t: 0, sender: 'server', type: 'text', data: batch.bytes, wire }
    let at = 0
    for (let i = 0; i < batch.count; i++) {
      const stored = batch.stored[i]
      const kind = batch.kinds[i]
      m.t = batch.times[i]
      m.type = kind & BINARY ? 'binary' : 'text'
      m.data = batch.bytes.subarray(at, at + stored)
      m.size = batch.sizes[i]
      m.nonAscii = (kind & NON_ASCII) !== 0
      append(data, m)
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
