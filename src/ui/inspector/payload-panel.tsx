import { PayloadView } from '../components/payload-view.tsx'
import { MessageSummary, NoSelection } from './message-summary.tsx'
import { useSelectedMessage } from './use-selected-message.ts'

/** The selected message's payload: pretty JSON, text or hex, in a read-only editor. */
export function PayloadPanel({ id }: { id: string }) {
  const message = useSelectedMessage(id)
  if (!message) return <NoSelection />
  return (
    <div className="detail-panel">
      <MessageSummary message={message} />
      <PayloadView key={`${id}-${message.index}`} data={message.data} binary={message.type !== 'text'} ariaLabel="Payload" height={420} />
    </div>
  )
}
