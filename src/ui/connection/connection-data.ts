/**
 * The bulk data of each connection, kept outside React and zustand: the message store, its
 * previews, the running filter scan and the timeline recorder. Stores hold only what renders
 * (version counters, specs, status); components read the data here when a version changes.
 */
import { FilterScan } from '../store/filter-scan.ts'
import { FrameStore } from '../store/frame-store.ts'
import type { RangeMatcher } from '../store/message-filter.ts'
import { MessagePreviews } from '../store/message-preview.ts'
import { MessageStore } from '../store/message-store.ts'
import { TimelineRecorder } from '../store/timeline-recorder.ts'

export interface ConnectionData {
  messages: MessageStore
  /** Real wire frames (through the tap); empty in direct mode. */
  frames: FrameStore
  previews: MessagePreviews
  scan: FilterScan
  timeline: TimelineRecorder
}

const registry = new Map<string, ConnectionData>()

export function connectionData(id: string): ConnectionData {
  let data = registry.get(id)
  if (!data) {
    const messages = new MessageStore()
    data = { messages, frames: new FrameStore(), previews: new MessagePreviews(messages), scan: new FilterScan(messages, null), timeline: new TimelineRecorder() }
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
}

export function setMatcher(id: string, matcher: RangeMatcher | null): void {
  const data = connectionData(id)
  data.scan = new FilterScan(data.messages, matcher)
}

export function forgetConnection(id: string): void {
  registry.delete(id)
}
