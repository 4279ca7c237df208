import { PayloadView } from '../components/payload-view.tsx'
import { MessagePanel } from './message-panel.tsx'
import { useSearchQuery } from '../connection/use-connection.ts'
import { useWindowHeight } from '../components/use-window-height.ts'

/** What sits above the payload view: the app bar, connect bar, tabs and the message's summary. */
const CHROME_PX = 290

/** The selected message's payload: pretty JSON, text or hex, in a read-only editor. */
export function PayloadPanel({ id }: { id: string }) {
  const search = useSearchQuery(id)
  // The view fills the panel down to the window's bottom edge (a 1080 px screen has room).
  const height = Math.max(260, useWindowHeight() - CHROME_PX)
  return (
    <MessagePanel id={id}>
      {(message) => (
        <PayloadView key={`${id}-${message.index}`} data={message.data} binary={message.type !== 'text'} ariaLabel="Payload" height={height} search={search} />
      )}
    </MessagePanel>
  )
}
