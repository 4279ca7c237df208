import { create } from 'zustand'
import { parseHandshake } from '../../protocol/index.ts'
import { frameOverhead, pollingRequestSize, type PollingRequestSize } from '../../learn/index.ts'
import { SEED_HANDSHAKE } from '../components/seed-handshake.ts'
import { captureOwnHandshake } from './own-handshake.ts'

interface OverheadState {
  /** The handshake whose request is measured (the brief's, from Chrome, unless the user pastes another). */
  handshake: string
  /** Where it came from, for the page to say what was measured. */
  source: 'brief' | 'browser' | 'pasted'
  request: PollingRequestSize | null
  /** Why this browser's own request could not be captured, or null. */
  problem: string | null
  capturing: boolean
  setHandshake: (text: string) => void
  /** Measures this browser's own handshake request, captured by the companion server's tap. */
  measureOwn: () => Promise<void>
}

function measure(handshake: string) {
  const { request } = parseHandshake(handshake)
  return { handshake, request: request && !request.headersMissing ? pollingRequestSize(request) : null }
}

/** What a polling client repeats per request, measured on a real handshake request. */
export const useOverheadStore = create<OverheadState>()((set) => ({
  ...measure(SEED_HANDSHAKE),
  source: 'brief',
  problem: null,
  capturing: false,
  setHandshake: (text) => set({ ...measure(text), source: 'pasted' }),
  measureOwn: async () => {
    set({ capturing: true, problem: null })
    try {
      set({ ...measure(await captureOwnHandshake()), source: 'browser', capturing: false })
    } catch (e) {
      set({ problem: (e as Error).message, capturing: false })
    }
  },
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
