/**
 * The companion server's check API, between the server and the app's "Check a server" page.
 * The page opens a WebSocket to `ws://<server>/api/check` (same origin as the app; the Origin
 * rules of /api apply), sends one `start`, and receives a `started`, a `case` per finished case,
 * then one `finished`. Closing the WebSocket (or sending `cancel`) cancels the run. A browser
 * cannot send invalid frames itself, so the server runs the check, against the URL given and
 * nothing else.
 */
import type { CaseResult } from '../check/judge.ts'
import type { CheckReport } from '../check/report.ts'

export const CHECK_PATH = '/api/check'

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
