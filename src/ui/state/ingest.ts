/**
 * Batched ingestion: sockets hand messages in as they arrive (`enqueue` only pushes to a
 * queue), and once per animation frame `flush` appends the batch to the message store, feeds
 * the timeline, filters the new messages and bumps each log's version once. At 20,000
 * messages a second that is ~330 messages per frame and one React render. A timer backs up
 * requestAnimationFrame, which stops in hidden tabs, so the queue never grows unbounded.
 */
import { connectionData, type ConnectionData } from './connection-data.ts'
import { runScan } from './filter-runner.ts'
import { useLogStore } from './log-store.ts'
import type { MessageInput } from './message-store.ts'
import { publishTimeline } from './timeline-store.ts'

/** A message, or anything else to apply to a connection's data in arrival order (tap frames). */
export type IngestItem = MessageInput | ((data: ConnectionData) => void)

/** Time the flush gives the filter for the new messages before handing over to the background scan. */
const FILTER_BUDGET_MS = 3
const FALLBACK_MS = 200
const TIMELINE_EVERY_MS = 500

const queues = new Map<string, IngestItem[]>()
let frame = 0
let timer: ReturnType<typeof setTimeout> | null = null

export function enqueue(id: string, item: IngestItem): void {
  let queue = queues.get(id)
  if (!queue) queues.set(id, (queue = []))
  queue.push(item)
  if (timer === null) {
    timer = setTimeout(flush, FALLBACK_MS)
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(flush)
  }
}

/** Appends everything queued; runs on the next animation frame (tests call it directly). */
export function flush(): void {
  if (timer !== null) clearTimeout(timer)
  if (frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
  timer = null
  frame = 0
  const ids = [...queues.keys()]
  for (const id of ids) {
    const queue = queues.get(id)!
    queues.delete(id)
    const data = connectionData(id)
    for (const item of queue) {
      if (typeof item === 'function') item(data)
      else append(data, item)
    }
    if (!data.scan.step(performance.now() + FILTER_BUDGET_MS)) runScan(id)
    publishTimeline(id, TIMELINE_EVERY_MS)
  }
  if (ids.length) useLogStore.getState().bump(ids)
}

function append(data: ConnectionData, m: MessageInput): void {
  const i = data.messages.append(m)
  data.timeline.message(m.t, m.sender === 'server', data.messages.size(i), data.messages.wirePayload(i), m.compressed ?? false)
}

/** Drops what is queued for a connection (its log was cleared or the tab closed). */
export function discardQueued(id: string): void {
  queues.delete(id)
}
