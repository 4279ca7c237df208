import { PayloadView } from '../components/payload-view.tsx'
import { MessagePanel } from './message-panel.tsx'
import { useSearchQuery } from '../connection/use-connection.ts'

/** The selected message's payload: pretty JSON, text or hex, in a read-only editor. */
export function PayloadPanel({ id }: { id: string }) {
  const search = useSearchQuery(id)
  return (
    <MessagePanel id={id}>
      {(message) => <PayloadView key={`${id}-${message.index}`} data={message.data} binary={message.type !== 'text'} ariaLabel="Payload" height={420} search={search} />}
    </MessagePanel>
  )
}
