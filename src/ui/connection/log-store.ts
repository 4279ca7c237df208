/**
 * What makes the log re-render: one version counter per connection, bumped by the ingestion
 * flush and the filter scan through requestRender (never once per message), and the pause
 * point. Paused, the log keeps showing the rows below `pausedAt` while messages
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

/**
 * New messages and scan progress re-render a log at most every RENDER_EVERY_MS: a message
 * that arrives after a quiet spell shows at once, but a stream of thousands a second (which
 * nobody reads row by row) redraws ten times a second instead of sixty, leaving the main
 * thread free. User actions (filter, pause, clear) bump at once.
 */
const RENDER_EVERY_MS = 100
const lastRender = new Map<string, number>()
const trailing = new Set<string>()

export function requestRender(id: string): void {
  if (trailing.has(id)) return
  const wait = (lastRender.get(id) ?? -Infinity) + RENDER_EVERY_MS - performance.now()
  const render = () => {
    trailing.delete(id)
    lastRender.set(id, performance.now())
    useLogStore.getState().bump([id])
  }
  if (wait <= 0) return render()
  trailing.add(id)
  setTimeout(() => onNextFrame(render), wait)
}

/** Re-renders the caller when the connection's log changes; returns the version. */
export const useLogVersion = (id: string) => useLogStore((s) => s.versions[id] ?? 0)
export const usePaused = (id: string) => useLogStore((s) => s.pausedAt[id] !== undefined)
