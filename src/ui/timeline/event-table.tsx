import type { SessionEvent } from '../../shared/session.ts'
import { formatClock } from '../components/format.ts'

/** The HTML5 API's events as they happened: the seed's event table, with this connection's rows. */
const EVENT_NAMES: Record<SessionEvent['kind'], string> = {
  connecting: 'new WebSocket()',
  open: 'open',
  error: 'error',
  closing: 'close()',
  closed: 'close',
  note: '—',
}

export function EventTable({ events }: { events: readonly SessionEvent[] }) {
  if (events.length === 0) return <p className="muted">No events yet: connect to start the timeline.</p>
  return (
    <table className="event-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">readyState</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={i} className={`event-${e.kind}`}>
            <td className="mono">{formatClock(e.t)}</td>
            <td>{EVENT_NAMES[e.kind]}</td>
            <td className="mono">{e.readyState ?? ''}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
