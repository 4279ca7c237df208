import { formatClock } from './format.ts'
import type { Attempt } from '../connection/connection.ts'
import { connections } from '../connection/connections.ts'
import { useConnectionView, useShownAttempt } from '../connection/use-connection.ts'
import './attempt-picker.css'

/**
 * Which connection attempt the handshake and findings views show: the current one unless the
 * user looks back at an earlier one. Shown once a tab has made more than one attempt.
 */
export function AttemptPicker({ id }: { id: string }) {
  const attempts = useConnectionView(id, (v) => v.attempts)
  const shown = useShownAttempt(id)
  if (attempts.length < 2 || !shown) return null
  const last = attempts[attempts.length - 1].number
  return (
    <p className="attempt-picker">
      <select aria-label="Connection attempt" value={shown.number} onChange={(e) => connections.get(id)?.showAttempt(Number(e.target.value))}>
        {attempts.map((a) => (
          <option key={a.number} value={a.number}>
            {attemptLabel(a, last)}
          </option>
        ))}
      </select>
      {shown.number !== last && (
        <button type="button" onClick={() => connections.get(id)?.showAttempt(null)}>
          Show the current attempt
        </button>
      )}
    </p>
  )
}

/** "Attempt 2 of 3 · 14:03:07.512 · tap · failed": short, so a narrow panel shows it whole. */
function attemptLabel(a: Attempt, last: number): string {
  const status = a.handshake?.report.response?.status
  const outcome = a.error ? 'failed' : status !== undefined ? `answered ${status}` : a.number === last ? 'current' : 'no answer seen'
  return `Attempt ${a.number} of ${last} · ${formatClock(a.t)} · ${a.tapped ? 'tap' : 'direct'} · ${outcome}`
}
