/**
 * Saved sessions as the app shows them: their metadata from IndexedDB (never their bulk data),
 * the storage in use, and the actions every page saves and opens through — the sessions page,
 * the inspector's Save session and Export, the decoder's Save as session.
 */
import { create } from 'zustand'
import type { Session } from '../../shared/session.ts'
import { sessionDb, type SavedSession } from './session-db.ts'
import { connectionToSession, openSessionInInspector, tapFramesOf } from './session-tab.ts'

interface SavedSessionsState {
  sessions: SavedSession[]
  status: 'loading' | 'ready' | 'failed'
  /** Why the browser's storage cannot be used, in words. */
  problem: string | null
  /** navigator.storage.estimate(): all of this site's storage, when the browser tells. */
  estimate: { usage: number; quota: number } | null
  /** The saved session behind each tab: opened from it, or saved to it (saving again replaces it). */
  tabKeys: Record<string, string>
}

export const useSavedSessionsStore = create<SavedSessionsState>()(() => ({ sessions: [], status: 'loading', problem: null, estimate: null, tabKeys: {} }))

const set = useSavedSessionsStore.setState

function storageProblem(e: unknown): string {
  return `The browser's storage (IndexedDB) is not available: ${e instanceof Error ? e.message : String(e)}`
}

/** Reads the list and the storage estimate again (after an import the worker wrote). */
export async function refreshSavedSessions(): Promise<void> {
  try {
    const sessions = await (await sessionDb()).list()
    set({ sessions, status: 'ready', problem: null })
  } catch (e) {
    set({ status: 'failed', problem: storageProblem(e) })
  }
  const estimate = await navigator.storage?.estimate?.().catch(() => null)
  set({ estimate: estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null })
}

/** Saves a session (replacing the one saved under `key`, if given) and lists it. */
export async function saveSession(session: Session, key?: string): Promise<SavedSession> {
  const saved = await (await sessionDb()).save(session, key)
  await refreshSavedSessions()
  return saved
}

/** Saves a live tab's log as a session; saving the tab again replaces what it saved before. */
export async function saveConnection(tabId: string): Promise<SavedSession> {
  const saved = await saveSession(connectionToSession(tabId, await tapFramesOf(tabId)), useSavedSessionsStore.getState().tabKeys[tabId])
  set((s) => ({ tabKeys: { ...s.tabKeys, [tabId]: saved.key } }))
  return saved
}

export async function loadSavedSession(key: string): Promise<Session | null> {
  return (await sessionDb()).load(key)
}

/** Opens a saved session in a new read-only inspector tab; returns the tab's id, or null when it is gone. */
export async function openSavedSession(key: string): Promise<string | null> {
  const session = await loadSavedSession(key)
  if (!session) return null
  const tabId = openSessionInInspector(session)
  set((s) => ({ tabKeys: { ...s.tabKeys, [tabId]: key } }))
  return tabId
}

/** The tab's session: as saved when the tab has one (payloads whole), else read from the tab's log. */
export async function sessionOfTab(tabId: string): Promise<Session> {
  const key = useSavedSessionsStore.getState().tabKeys[tabId]
  return (key && (await loadSavedSession(key))) || connectionToSession(tabId, await tapFramesOf(tabId))
}

export async function renameSavedSession(key: string, name: string): Promise<void> {
  await (await sessionDb()).rename(key, name)
  await refreshSavedSessions()
}

export async function deleteSavedSession(key: string): Promise<void> {
  await (await sessionDb()).remove(key)
  set((s) => ({ tabKeys: Object.fromEntries(Object.entries(s.tabKeys).filter(([, k]) => k !== key)) }))
  await refreshSavedSessions()
}
