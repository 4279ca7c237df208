import type { ReactNode } from 'react'
import { MessageSummary, NoSelection } from './message-summary.tsx'
import { useSelectedMessage, type SelectedMessage } from './use-selected-message.ts'

/** A detail panel about the selected message: its summary line, then the panel's own content. */
export function MessagePanel({ id, children }: { id: string; children: (message: SelectedMessage) => ReactNode }) {
  const message = useSelectedMessage(id)
  if (!message) return <NoSelection />
  return (
    <div className="detail-panel">
      <MessageSummary message={message} />
      {children(message)}
    </div>
  )
}
