/**
 * The bulk data of each connection, kept outside React and zustand: the message store, its
 * previews, the running filter scan and the timeline recorder. Stores hold only what renders
 * (version counters, specs, status); components read the data here when a version changes.
 */
import { FilterScan } from './filter-scan.ts'
import { FrameStore } from './frame-store.ts'
import type { RangeMatcher } from './message-filter.ts'
import { MessagePreviews } from './message-preview.ts'
import { MessageStore } from './message-store.ts'
import type { PayloadLog } from './payload-log.ts'
import type { MessageMark } from '../../shared/capture-api.ts'
import { TimelineRecorder } from './timeline-recorder.ts'

export interface ConnectionData {
  messages: MessageStore
  /** Real wire frames (through the tap); empty in direct mode. */
  frames: FrameStore
  previews: MessagePreviews
  scan: FilterScan
  timeline: TimelineRecorder
  /** What the messages mean, made on first use (payload-store.ts: payloadsOf). */
  payloads: PayloadLog | null
  /** Through the tap with rules: how each message (by its store index) went on, and what was delivered; absent = as it came. */
  marks: Map<number, { mark: MessageMark; delivered: Uint8Array | null; reason: string }>
}

const registry = new Map<string, ConnectionData>()

export function connectionData(id: string): ConnectionData {
  let data = registry.get(id)
  if (!data) {
    const messages = new MessageStore()
    data = { messages, frames: new FrameStore(), previews: new MessagePreviews(messages), scan: new FilterScan(messages, null), timeline: new TimelineRecorder(), payloads: null, marks: new Map() }
    registry.set(id, data)
  }
  return data
}

/** Empties the log (messages and frames), keeping the filter and the timeline. */
export function clearMessages(id: string): void {
  const data = connectionData(id)
  data.messages = new MessageStore()
  data.frames = new FrameStore()
  data.previews = new MessagePreviews(data.messages)
  data.scan = new FilterScan(data.messages, data.scan.matcher)
  data.payloads = null
  data.marks = new Map()
}

/** Forgets what the messages were decoded as (the decoding choice changed). */
export function resetPayloads(id: string): void {
  connectionData(id).payloads = null
}

export function setMatcher(id: string, matcher: RangeMatcher | null): void {
  const data = connectionData(id)
  data.scan = new FilterScan(data.messages, matcher)
}

export function forgetConnection(id: string): void {
  registry.delete(id)
}
