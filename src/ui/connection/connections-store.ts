/**
 * The connection tabs: what each connection is set to (URL, subprotocols, mode, headers) and
 * where it stands (phase, readyState, the last error explained, the close it ended with).
 * The connection engine writes the status; the connect bar edits the config.
 */
import { create } from 'zustand'
import type { SessionInfo } from '../../shared/session.ts'
import type { CloseInfo } from './socket-protocol.ts'
import { connections } from './connections.ts'

export type Mode = 'direct' | 'tap'

export interface ConnectionConfig {
  url: string
  /** Comma-separated subprotocols to offer. */
  protocols: string
  mode: Mode
  /** Extra handshake headers sent through the tap (Authorization, Cookie…): one "Name: value" per line. */
  headers: string
  /** Through the tap: accept any certificate from a wss:// target (a development server's self-signed one). */
  insecure: boolean
  /** Through the tap: show credentials (Authorization, Cookie, token=…) in the handshake instead of "[redacted]". */
  showSecrets: boolean
  autoReconnect: boolean
}

/** idle: never connected; waiting: closed, a reconnect is scheduled. */
export type Phase = 'idle' | 'connecting' | 'open' | 'closing' | 'closed' | 'waiting'

export interface ConnectionStatus {
  phase: Phase
  /** WebSocket.readyState, null before the first attempt. */
  readyState: number | null
  /** What went wrong, in words: a specific cause, never a silent close. */
  error: string | null
  /** What the socket reports once open: the URL, chosen subprotocol and negotiated extensions. */
  url: string
  protocol: string
  extensions: string
  openedAt: number | null
  close: CloseInfo | null
  /** The next automatic reconnect: attempt number and when (ms since the epoch). */
  reconnect: { attempt: number; at: number } | null
  /** The current (or last) connection goes through the tap. */
  tapped: boolean
}

export interface Connection {
  id: string
  config: ConnectionConfig
  status: ConnectionStatus
  /** A saved or imported session shown read-only (no socket); null for a live connection. */
  session: SessionInfo | null
}

export const IDLE: ConnectionStatus = {
  phase: 'idle',
  readyState: null,
  error: null,
  url: '',
  protocol: '',
  extensions: '',
  openedAt: null,
  close: null,
  reconnect: null,
  tapped: false,
}

/** The app's own companion server echoes: `ws://<this host>/echo`. */
export function defaultUrl(): string {
  const here = typeof location === 'undefined' ? null : location
  if (!here || !here.host) return 'ws://localhost/echo'
  return `${here.protocol === 'https:' ? 'wss' : 'ws'}://${here.host}/echo`
}

export function defaultConfig(): ConnectionConfig {
  return { url: defaultUrl(), protocols: '', mode: 'direct', headers: '', insecure: false, showSecrets: false, autoReconnect: false }
}

interface ConnectionsState {
  ids: string[]
  activeId: string
  byId: Record<string, Connection>
  /** Opens a new tab (a copy of the active tab's settings) and makes it active. */
  add: () => string
  /** Opens a read-only tab for a session, in the status it ended in, and makes it active. */
  addSession: (info: SessionInfo, status: ConnectionStatus) => string
  /** Opens a tab for a connection someone else made through the tap (`wsinspect proxy`), already open. */
  addWatched: (target: string, openedAt: number) => string
  remove: (id: string) => void
  activate: (id: string) => void
  configure: (id: string, patch: Partial<ConnectionConfig>) => void
  setStatus: (id: string, patch: Partial<ConnectionStatus>) => void
}

let counter = 0
const newId = () => `c${++counter}`

/** Opens the tab's Connection; its payloads decode with the subprotocol the tab negotiated. */
function open(id: string): void {
  connections.open(id, () => useConnectionsStore.getState().byId[id]?.status.protocol || null)
}

const first = newId()
open(first)

export const useConnectionsStore = create<ConnectionsState>()((set, get) => ({
  ids: [first],
  activeId: first,
  byId: { [first]: { id: first, config: defaultConfig(), status: IDLE, session: null } },
  add: () => {
    const id = newId()
    open(id)
    const template = get().byId[get().activeId]?.config ?? defaultConfig()
    set((s) => ({ ids: [...s.ids, id], activeId: id, byId: { ...s.byId, [id]: { id, config: { ...template }, status: IDLE, session: null } } }))
    return id
  },
  addSession: (info, status) => {
    const id = newId()
    open(id)
    const config = { ...defaultConfig(), url: info.url }
    set((s) => ({ ids: [...s.ids, id], activeId: id, byId: { ...s.byId, [id]: { id, config, status, session: info } } }))
    return id
  },
  addWatched: (target, openedAt) => {
    const id = newId()
    open(id)
    const config = { ...defaultConfig(), url: target, mode: 'tap' as const }
    const status: ConnectionStatus = { ...IDLE, phase: 'open', readyState: 1, url: target, openedAt, tapped: true }
    // A fresh inspector shows the first proxied socket at once; later ones do not take the focus.
    const activate = get().byId[get().activeId]?.status.phase === 'idle'
    set((s) => ({ ids: [...s.ids, id], activeId: activate ? id : s.activeId, byId: { ...s.byId, [id]: { id, config, status, session: null } } }))
    return id
  },
  remove: (id) => {
    const s = get()
    if (s.ids.length === 1 || !s.byId[id]) return
    const at = s.ids.indexOf(id)
    const ids = s.ids.filter((x) => x !== id)
    const byId = { ...s.byId }
    delete byId[id]
    set({ ids, byId, activeId: s.activeId === id ? ids[Math.max(0, at - 1)] : s.activeId })
    connections.dispose(id)
  },
  activate: (id) => set({ activeId: id }),
  configure: (id, patch) => set((s) => ({ byId: { ...s.byId, [id]: { ...s.byId[id], config: { ...s.byId[id].config, ...patch } } } })),
  setStatus: (id, patch) => set((s) => (s.byId[id] ? { byId: { ...s.byId, [id]: { ...s.byId[id], status: { ...s.byId[id].status, ...patch } } } } : s)),
}))

/** The tab list as the connection engine sees it. */
export interface TabsPort {
  /** Opens a tab for a connection someone else made through the tap (`wsinspect proxy`). */
  addWatched(target: string, openedAt: number): string
  config(id: string): ConnectionConfig | undefined
  status(id: string): ConnectionStatus | undefined
  setStatus(id: string, patch: Partial<ConnectionStatus>): void
  /** Closes the tab, disposing its Connection (the last tab stays). */
  remove(id: string): void
}

export const tabsPort: TabsPort = {
  addWatched: (target, openedAt) => useConnectionsStore.getState().addWatched(target, openedAt),
  config: (id) => useConnectionsStore.getState().byId[id]?.config,
  status: (id) => useConnectionsStore.getState().byId[id]?.status,
  setStatus: (id, patch) => useConnectionsStore.getState().setStatus(id, patch),
  remove: (id) => useConnectionsStore.getState().remove(id),
}

/** The active connection's id; most panels show that connection. */
export const useActiveId = () => useConnectionsStore((s) => s.activeId)
/** The session a read-only tab shows, or null for a live connection. */
export const useTabSession = (id: string) => useConnectionsStore((s) => s.byId[id]?.session ?? null)

/** A short tab title: the session's name, or host and path of the URL. */
export function tabTitle(connection: Connection): string {
  if (connection.session) return connection.session.name || 'Session'
  const url = connection.config.url
  try {
    const u = new URL(url)
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return url || 'New connection'
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`
  } catch {
    return url || 'New connection'
  }
}
