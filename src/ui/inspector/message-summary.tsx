import { formatByteCount, formatClock, formatCount } from '../components/format.ts'
import type { SelectedMessage } from './use-selected-message.ts'
import './inspector.css'

/** One line naming the selected message, shared by the detail panels. */
export function MessageSummary({ message: m }: { message: SelectedMessage }) {
  return (
    <p className="message-summary">
      <strong>#{formatCount(m.index + 1)}</strong> · {m.sender === 'client' ? '↑ sent' : '↓ received'} · {m.typeLabel} · {formatByteCount(m.size)} ·{' '}
      {formatClock(m.t)}
      {m.truncated && <span className="warn"> · only the first {formatByteCount(m.data.length)} are kept</span>}
      {m.gap === 'cut' && <span className="warn"> · incomplete: bytes missing from the capture cut it, this is what came before</span>}
      {m.gap === 'not-inflated' && <span className="warn"> · its compressed bytes: a gap in the capture lost the compression window it needs</span>}
    </p>
  )
}

export function NoSelection() {
  return <p className="muted panel-empty">Select a message in the log (click it, or use the arrow keys in the grid).</p>
}
