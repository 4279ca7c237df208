/** Timeline snapshots per connection, published by the engine (events) and the ingestion flush (rates). */
import { create } from 'zustand'
import { connectionData } from './connection-data.ts'
import { EMPTY_TIMELINE, type TimelineSnapshot } from '../store/timeline-recorder.ts'

interface TimelineState {
  snapshots: Record<string, TimelineSnapshot>
}

export const useTimelineStore = create<TimelineState>()(() => ({ snapshots: {} }))

const lastPublished = new Map<string, number>()

/** Publishes the connection's timeline, unless the last publication is younger than `minIntervalMs`. */
export function publishTimeline(id: string, minIntervalMs = 0): void {
  const now = performance.now()
  if (now - (lastPublished.get(id) ?? -Infinity) < minIntervalMs) return
  lastPublished.set(id, now)
  const snapshot = connectionData(id).timeline.snapshot()
  useTimelineStore.setState((s) => ({ snapshots: { ...s.snapshots, [id]: snapshot } }))
}

export const useTimeline = (id: string) => useTimelineStore((s) => s.snapshots[id] ?? EMPTY_TIMELINE)
