/**
 * The companion server's check API, between the server and the app's "Check a server" page.
 * The page opens a WebSocket to `checkUrl(origin, token)` (same origin as the app; the Origin
 * and access-token rules of /api apply, see capture-api.ts), sends one `start`, and receives a `started`, a `case` per finished case,
 * then one `finished`. Closing the WebSocket (or sending `cancel`) cancels the run. A browser
 * cannot send invalid frames itself, so the server runs the check, against the URL given and
 * nothing else.
 */
import type { CaseResult } from '../check/judge.ts'
import type { CheckReport } from '../check/report.ts'

export const CHECK_PATH = '/api/check'

export function checkUrl(appOrigin: string, token: string): string {
  const url = new URL(CHECK_PATH, appOrigin.replace(/^http/, 'ws'))
  url.searchParams.set('token', token)
  return url.toString()
}

export interface CheckStart {
  type: 'start'
  url: string
  /** Case-id patterns (`1.*,6.4.*`), as `wsinspect check --cases`. */
  cases?: string
  exclude?: string
  full?: boolean
  timeoutMs?: number
  origin?: string
  insecure?: boolean
}

export type CheckCommand = CheckStart | { type: 'cancel' }

export type CheckEvent =
  | { type: 'started'; total: number }
  | { type: 'case'; index: number; total: number; result: CaseResult }
  | { type: 'finished'; outcome: 'done' | 'untestable' | 'cancelled'; reason: string | null; report: CheckReport }
  /** The request was refused (bad URL, no case matches, a run already going). */
  | { type: 'error'; message: string }
