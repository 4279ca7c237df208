import { create } from 'zustand'
import { frameOverhead, parseHandshake, pollingRequestSize, type PollingRequestSize } from '../../protocol/index.ts'
import { SEED_HANDSHAKE } from '../components/seed-handshake.ts'

interface OverheadState {
  /** The handshake whose request is measured (the brief's, from Chrome, unless the user pastes another). */
  handshake: string
  request: PollingRequestSize | null
  setHandshake: (text: string) => void
}

function measure(handshake: string) {
  const { request } = parseHandshake(handshake)
  return { handshake, request: request && !request.headersMissing ? pollingRequestSize(request) : null }
}

/** What a polling client repeats per request, measured on a real handshake request. */
export const useOverheadStore = create<OverheadState>()((set) => ({
  ...measure(SEED_HANDSHAKE),
  setHandshake: (text) => set(measure(text)),
}))

export interface OverheadRow {
  payload: number
  /** Frame header bytes from the server, and from a client (masking key included). */
  server: number
  client: number
  /** Request header bytes a polling client sends per message, and how many times the client frame's. */
  polling: number
  times: number
}

/** Per message size: WebSocket framing overhead against the polling request's headers. */
export function overheadRows(sizes: number[], pollingBytes: number): OverheadRow[] {
  return sizes.map((payload) => {
    const client = frameOverhead(payload, true)
    return { payload, server: frameOverhead(payload, false), client, polling: pollingBytes, times: Math.round(pollingBytes / client) }
  })
}
