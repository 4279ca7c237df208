/**
 * Batched ingestion: sockets hand messages in as they arrive (`enqueue` only pushes to a
 * queue), and once per animation frame `flush` appends the batch to the message store, feeds
 * the timeline, filters the new messages and asks for one render of each log it touched.
 * At 20,000 messages a second that is ~330 messages per frame.
 */
import { connectionData, type ConnectionData } from './connection-data.ts'
import { runScan } from './filter-runner.ts'
import { requestRender } from './log-store.ts'
import { BINARY, NON_ASCII, type MessageBatch } from '../store/message-batch.ts'
import type { MessageInput } from '../store/message-store.ts'
import { onNextFrame } from './next-frame.ts'
import { publishTimeline } from './timeline-store.ts'

/** A message, or anything else to apply to a connection's data in arrival order (tap frames). */
export type IngestItem = MessageInput | ((data: ConnectionData) => void)

/** Time the flush gives the filter for the new messages before handing over to the background scan. */
const FILTER_BUDGET_MS = 3
const TIMELINE_EVERY_MS = 500

const queues = new Map<string, IngestItem[]>()
let scheduled = false

export function enqueue(id: string, item: IngestItem): void {
  let queue = queues.get(id)
  if (!queue) queues.set(id, (queue = []))
  queue.push(item)
  if (!scheduled) {
    scheduled = true
    onNextFrame(flush)
  }
}

/** Appends everything queued; runs on the next animation frame (tests call it directly). */
export function flush(): void {
  scheduled = false
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
    requestRender(id)
  }
}

/** Queues a batch of received messages (from a socket worker). */
export function enqueueBatch(id: string, batch: MessageBatch, wire: MessageInput['wire']): void {
  enqueue(id, (data) => {
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

/** Appends one message to the log and the timeline (queued items call it from the flush). */
export function append(data: ConnectionData, m: MessageInput): void {
  const i = data.messages.append(m)
  data.timeline.message(m.t, m.sender === 'server', data.messages.size(i), data.messages.wirePayload(i), m.compressed ?? false)
}

/** Drops what is queued for a connection (its log was cleared or the tab closed). */
export function discardQueued(id: string): void {
  queues.delete(id)
}
