/**
 * What makes the log re-render: one version counter per connection, bumped at most once per
 * animation frame by the ingestion flush and the filter scan (never once per message), and
 * the pause point. Paused, the log keeps showing the rows below `pausedAt` while messages
 * keep being stored and filtered; resuming catches up at once.
 */
import { create } from 'zustand'
import { connectionData } from './connection-data.ts'
import { onNextFrame } from './next-frame.ts'

interface LogState {
  versions: Record<string, number>
  /** The store length when the log was paused, per connection; absent when live. */
  pausedAt: Record<string, number>
  bump: (ids: Iterable<string>) => void
  pause: (id: string) => void
  resume: (id: string) => void
}

export const useLogStore = create<LogState>()((set) => ({
  versions: {},
  pausedAt: {},
  bump: (ids) =>
    set((s) => {
      const versions = { ...s.versions }
      for (const id of ids) versions[id] = (versions[id] ?? 0) + 1
      return { versions }
    }),
  pause: (id) => set((s) => ({ pausedAt: { ...s.pausedAt, [id]: connectionData(id).messages.length } })),
  resume: (id) =>
    set((s) => {
      const pausedAt = { ...s.pausedAt }
      delete pausedAt[id]
      return { pausedAt }
    }),
}))

const pending = new Set<string>()

/** Bumps at the next animation frame: any number of calls before it make one re-render. */
export function bumpSoon(id: string): void {
  if (pending.size === 0) {
    onNextFrame(() => {
      const ids = [...pending]
      pending.clear()
      useLogStore.getState().bump(ids)
    })
  }
  pending.add(id)
}

/** Rows the log shows for a connection now: the filter's matches, up to the pause point. */
export function visibleRowCount(id: string): number {
  const pausedAt = useLogStore.getState().pausedAt[id]
  return connectionData(id).scan.count(pausedAt ?? Infinity)
}

/** Re-renders the caller when the connection's log changes; returns the version. */
export const useLogVersion = (id: string) => useLogStore((s) => s.versions[id] ?? 0)
export const usePaused = (id: string) => useLogStore((s) => s.pausedAt[id] !== undefined)
