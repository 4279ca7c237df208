/**
 * React's view of a connection: selectors on its `view` store (useSyncExternalStore
 * underneath), so a component re-renders when, and only when, what it selected changes.
 * Actions go straight to the Connection (`connections.get(id)?.select(…)`).
 */
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { Connection, latestHandshake, shownAttempt, type ConnectionView } from './connection.ts'
import { connections } from './connections.ts'
import type { SearchQuery } from '../store/text-matches.ts'

/** What a tab shows in the moment between its removal and its components unmounting: nothing. */
const GONE = new Connection('', () => {
  throw new Error('a closed tab has no filter')
})
GONE.dispose()

export function useConnectionView<T>(id: string, select: (view: ConnectionView) => T): T {
  return useStore((connections.get(id) ?? GONE).view, select)
}

/** The log as last published: stores, rows shown, pause point. */
export const useLog = (id: string) => useConnectionView(id, (v) => v.log)
export const useSelected = (id: string) => useConnectionView(id, (v) => v.selected)
export const useFilterSpec = (id: string) => useConnectionView(id, (v) => v.filter)
export const useTap = (id: string) => useConnectionView(id, (v) => v.tap)
/** The permessage-deflate parameters the tap decoded the connection with, or null. */
export const useTapDeflate = (id: string) => useConnectionView(id, (v) => latestHandshake(v)?.deflate ?? null)
/** The connection attempt the handshake and findings views show (the current one unless the user chose another). */
export const useShownAttempt = (id: string) => useConnectionView(id, shownAttempt)
export const useAttemptCount = (id: string) => useConnectionView(id, (v) => v.attempts.length)
export const useTimeline = (id: string) => useConnectionView(id, (v) => v.timeline)

/** The filter's text as a search to highlight, or null (none, or a regex that does not compile). */
export function useSearchQuery(id: string): SearchQuery | null {
  const text = useConnectionView(id, (v) => (v.filterError ? '' : v.filter.text))
  const regex = useConnectionView(id, (v) => v.filter.regex)
  return useMemo(() => (text ? { text, regex } : null), [text, regex])
}
