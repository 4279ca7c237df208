import { create } from 'zustand'
import { echoUrl } from './endpoints.ts'

export interface ApiEvent {
  /** Milliseconds since connect() was called. */
  t: number
  type: 'open' | 'message' | 'error' | 'close' | 'send' | 'close()'
  detail: string
  readyState: number
  bufferedAmount: number
}

interface ApiDemoState {
  url: string
  readyState: number | null
  bufferedAmount: number
  /** The negotiated extensions and protocol, as the socket reports them once open. */
  extensions: string
  events: ApiEvent[]
  connect: () => void
  send: (text: string) => void
  /** A 1 MiB message: large enough for bufferedAmount to be seen above 0. */
  sendLarge: () => void
  close: (code: number, reason: string) => void
}

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const

let socket: WebSocket | null = null
let started = 0
let poll: ReturnType<typeof setInterval> | undefined

/** The HTML5 WebSocket API, live: a socket to /echo whose every event and state is recorded. */
export const useApiDemoStore = create<ApiDemoState>()((set, get) => {
  const record = (type: ApiEvent['type'], detail: string) => {
    const s = socket
    set({
      readyState: s?.readyState ?? null,
      bufferedAmount: s?.bufferedAmount ?? 0,
      events: [
        ...get().events,
        { t: Math.round(performance.now() - started), type, detail, readyState: s?.readyState ?? 3, bufferedAmount: s?.bufferedAmount ?? 0 },
      ],
    })
  }
  return {
    url: echoUrl(),
    readyState: null,
    bufferedAmount: 0,
    extensions: '',
    events: [],
    connect: () => {
      socket?.close()
      clearInterval(poll)
      started = performance.now()
      const s = new WebSocket(get().url)
      socket = s
      set({ events: [], extensions: '', readyState: s.readyState, bufferedAmount: 0 })
      s.onopen = () => {
        set({ extensions: s.extensions })
        record('open', `protocol "${s.protocol}", extensions "${s.extensions}"`)
      }
      s.onmessage = (e) => record('message', typeof e.data === 'string' ? preview(e.data) : 'binary data')
      s.onerror = () => record('error', 'the connection failed or broke (the API says no more, by design)')
      s.onclose = (e) => {
        clearInterval(poll)
        record('close', `code ${e.code}${e.reason ? ` "${e.reason}"` : ''}, wasClean ${e.wasClean}`)
      }
      // bufferedAmount has no event: sample it while the socket lives.
      poll = setInterval(() => {
        if (socket === s && s.bufferedAmount !== get().bufferedAmount) set({ bufferedAmount: s.bufferedAmount })
      }, 50)
    },
    send: (text) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) return
      socket.send(text)
      record('send', preview(text))
    },
    sendLarge: () => {
      if (!socket || socket.readyState !== WebSocket.OPEN) return
      socket.send(new Uint8Array(1024 * 1024))
      record('send', '1 MiB of binary zeros')
    },
    close: (code, reason) => {
      if (!socket) return
      try {
        socket.close(code, reason)
        record('close()', `close(${code}, "${reason}")`)
      } catch (e) {
        record('close()', `close(${code}) threw: ${(e as Error).message}`)
      }
    },
  }
})

function preview(text: string): string {
  return text.length > 80 ? `"${text.slice(0, 80)}…" (${text.length} characters)` : `"${text}"`
}
