/**
 * A fresh connection that a feature drives (resend on a new connection, replay a session): a
 * new tab like any other — same log, frames, findings, controls — opened with its own
 * settings, and the server's messages as they reach its log.
 */
import { engine } from './app-engine.ts'
import type { ConnectionView } from './connection.ts'
import { connections } from './connections.ts'
import { defaultConfig, useConnectionsStore, type ConnectionConfig, type ConnectionStatus } from './connections-store.ts'

export interface ServerMessage {
  type: 'text' | 'binary'
  data: Uint8Array
}

/**
 * Opens a new tab connected with `config` (the rest as a new tab's defaults, no auto-reconnect)
 * and makes it the active tab when `activate`. Resolves with the tab's id once it is open, or
 * with why it did not open; either way the tab stays, so its log says what happened.
 */
export function openNewConnection(
  config: Pick<ConnectionConfig, 'url' | 'mode'> & Partial<ConnectionConfig>,
  activate: boolean,
): Promise<{ id: string; error: string | null }> {
  const tabs = useConnectionsStore.getState()
  const previous = tabs.activeId
  const id = tabs.add()
  tabs.configure(id, { ...defaultConfig(), ...config, autoReconnect: false })
  if (!activate) tabs.activate(previous)
  return new Promise((resolve) => {
    const settle = (status: ConnectionStatus | undefined) => {
      if (!status) return done('The tab was closed.')
      if (status.phase === 'open') return done(null)
      if (status.phase === 'closed') return done(status.error ?? `The connection closed before it opened${status.close ? ` (${status.close.code})` : ''}.`)
    }
    const done = (error: string | null) => {
      unsubscribe()
      resolve({ id, error })
    }
    const unsubscribe = useConnectionsStore.subscribe((s) => settle(s.byId[id]?.status))
    engine.connect(id)
    settle(useConnectionsStore.getState().byId[id]?.status)
  })
}

/**
 * Calls `message` for each text or binary message the server sent on the tab, from the first
 * (as its log receives them, direct or through the tap), and `closed` once the connection
 * ends. Returns the unsubscribe.
 */
export function watchServer(id: string, on: { message: (m: ServerMessage) => void; closed: (detail: string) => void }): () => void {
  const conn = connections.get(id)
  if (!conn) {
    on.closed('The tab was closed.')
    return () => {}
  }
  let store = conn.messages
  let seen = 0
  const read = (view: ConnectionView) => {
    const { messages } = view.log
    // A cleared log starts a new store.
    if (messages !== store) [store, seen] = [messages, 0]
    for (; seen < view.log.length; seen++) {
      const type = messages.type(seen)
      if (messages.sender(seen) === 'server' && (type === 'text' || type === 'binary')) on.message({ type, data: messages.payload(seen).slice() })
    }
  }
  const stopLog = conn.view.subscribe(read)
  read(conn.view.getState())
  let ended = false
  const stopStatus = useConnectionsStore.subscribe((s) => {
    const status = s.byId[id]?.status
    if (ended || (status && status.phase !== 'closed' && status.phase !== 'waiting')) return
    ended = true
    on.closed(status?.close ? `${status.close.code}${status.close.reason ? ` ${status.close.reason}` : ''}` : (status?.error ?? 'the tab was closed'))
  })
  return () => {
    stopLog()
    stopStatus()
  }
}

/**
 * Opens a new tab with `config`, makes it the active one and, once it is open, sends `payload`
 * on it (a string as a text message, bytes as binary). Resolves with why not, or null.
 */
export async function sendOnNewConnection(
  config: Pick<ConnectionConfig, 'url' | 'mode'> & Partial<ConnectionConfig>,
  payload: string | Uint8Array<ArrayBuffer>,
): Promise<string | null> {
  const { id, error } = await openNewConnection(config, true)
  return error ?? engine.send(id, payload)
}
