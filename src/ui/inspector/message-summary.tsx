import { formatBytes, formatClock, formatCount } from '../components/format.ts'
import type { SelectedMessage } from './use-selected-message.ts'
import './inspector.css'

/** One line naming the selected message, shared by the detail panels. */
export function MessageSummary({ message: m }: { message: SelectedMessage }) {
  return (
    <p className="message-summary">
      <strong>#{formatCount(m.index + 1)}</strong> · {m.sender === 'client' ? '↑ sent' : '↓ received'} · {m.type} · {formatBytes(m.size)} · {formatClock(m.t)}
      {m.truncated && <span className="warn"> · only the first {formatBytes(m.data.length)} are kept</span>}
    </p>
  )
}

export function NoSelection() {
  return <p className="muted panel-empty">Select a message in the log (click it, or use the arrow keys in the grid).</p>
}
