import type { CaseResult } from '../../check/judge.ts'
import { summarize, type CheckReport } from '../../check/report.ts'
import { checkUrl, type CheckEvent, type CheckStart } from '../../shared/check-api.ts'
import { serverToken } from '../connection/server-token.ts'

export interface CheckRunState {
  status: 'idle' | 'running' | 'done' | 'untestable' | 'cancelled' | 'error'
  target: string
  total: number
  results: CaseResult[]
  report: CheckReport | null
  /** Why the run stopped, or what went wrong. */
  message: string | null
}

const IDLE: CheckRunState = { status: 'idle', target: '', total: 0, results: [], report: null, message: null }

/**
 * Owns one check run: the WebSocket to the companion server's /api/check and the results
 * streamed back. React reads it with useSyncExternalStore; dispose() ends the run.
 */
export class CheckRun {
  private state: CheckRunState = IDLE
  private socket: WebSocket | null = null
  /** Counts starts, so a start overtaken while fetching its token gives up. */
  private attempts = 0
  private readonly listeners = new Set<() => void>()

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): CheckRunState => this.state

  async start(request: Omit<CheckStart, 'type'>): Promise<void> {
    this.dispose()
    this.set({ ...IDLE, status: 'running', target: request.url })
    const attempt = this.attempts
    let token: string
    try {
      token = await serverToken()
    } catch (e) {
      return this.set({ ...this.state, status: 'error', message: `the wsinspect server did not give its access token: ${(e as Error).message}` })
    }
    if (attempt !== this.attempts) return
    const socket = new WebSocket(checkUrl(location.origin, token))
    this.socket = socket
    socket.onopen = () => socket.send(JSON.stringify({ type: 'start', ...request } satisfies CheckStart))
    socket.onmessage = (e) => this.onEvent(JSON.parse(String(e.data)) as CheckEvent)
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = null
      if (this.state.status === 'running') this.set({ ...this.state, status: 'error', message: 'the connection to the wsinspect server was lost' })
    }
  }

  cancel(): void {
    this.socket?.send(JSON.stringify({ type: 'cancel' }))
  }

  /** Shows a saved report (the page's "open a report"). */
  show(report: CheckReport): void {
    this.dispose()
    this.set({ status: 'done', target: report.target, total: report.cases.length, results: report.cases, report, message: report.aborted ?? null })
  }

  dispose(): void {
    this.attempts++
    const socket = this.socket
    this.socket = null
    socket?.close()
  }

  private onEvent(event: CheckEvent): void {
    if (event.type === 'started') this.set({ ...this.state, total: event.total })
    else if (event.type === 'case') this.set({ ...this.state, total: event.total, results: [...this.state.results, event.result] })
    else if (event.type === 'error') this.set({ ...this.state, status: 'error', message: event.message })
    else {
      const report = { ...event.report, summary: summarize(event.report.cases) }
      this.set({
        ...this.state,
        status: event.outcome,
        results: report.cases,
        report,
        message: event.reason ?? (event.outcome === 'cancelled' ? 'cancelled' : null),
      })
    }
  }

  private set(state: CheckRunState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
