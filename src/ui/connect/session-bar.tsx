import { formatDateTime } from '../components/format.ts'
import { SOURCE_LABELS } from '../components/source-labels.ts'
import { useTabSession } from '../connection/connections-store.ts'
import './connect.css'

/** In place of the connect bar on a read-only tab: what the session is and where it came from. */
export function SessionBar({ id }: { id: string }) {
  const session = useTabSession(id)
  if (!session) return null
  return (
    <div className="session-bar" role="group" aria-label="Session">
      <p className="session-line">
        <span className="session-source">{SOURCE_LABELS[session.source]}</span>
        <span className="mono">{session.url || session.name}</span>
        {session.endpoints && (
          <span className="muted mono">
            {session.endpoints.client} → {session.endpoints.server}
          </span>
        )}
        <span className="muted">
          recorded {formatDateTime(session.createdAt)} · read-only{session.framesReal ? ' · real frames' : ' · messages only, frames reconstructed'}
        </span>
      </p>
      {session.notes.length > 0 && (
        <ul className="session-notes">
          {session.notes.map((note, i) => (
            <li key={i} className="warn">
              {note}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
