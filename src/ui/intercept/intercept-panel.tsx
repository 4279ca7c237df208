import { utf8Decode } from '../../protocol/index.ts'
import { DiffView } from '../components/diff-view.tsx'
import { useConnectionsStore } from '../connection/connections-store.ts'
import { useConnectionView, useLog, useSelected } from '../connection/use-connection.ts'
import { HeldMessageEditor } from './held-message.tsx'
import { RulesEditor } from './rules-editor.tsx'
import './intercept.css'

/**
 * Intercept: messages a break rule holds on this connection (edit, forward or drop each),
 * what the rules did to the selected message, and the rules themselves.
 */
export function InterceptPanel({ id }: { id: string }) {
  const tapped = useConnectionsStore((s) => s.byId[id]?.status.tapped ?? false)
  const held = useConnectionView(id, (v) => v.tap.held)
  return (
    <div className="detail-panel intercept">
      <h3>Held messages</h3>
      {!tapped && <p className="muted">Rules and breakpoints act on connections through the tap (Through tap, or wsinspect proxy).</p>}
      {tapped && held.length === 0 && (
        <p className="muted">
          Nothing is held. A break rule holds a matching message, and the messages behind it in that direction, until you forward or drop it.
        </p>
      )}
      {held.map((message) => (
        <HeldMessageEditor key={message.holdId} id={id} message={message} />
      ))}
      <SelectedOutcome id={id} />
      <h3>Rules and breakpoints</h3>
      <RulesEditor />
    </div>
  )
}

/** The selected message's mark and, when a rule changed it, what arrived beside what was delivered. */
function SelectedOutcome({ id }: { id: string }) {
  const selected = useSelected(id)
  // Re-read the marks whenever the log is published.
  const { marks, messages } = useLog(id)
  if (selected === null) return null
  const outcome = marks.get(selected)
  if (!outcome) return null
  return (
    <section className="selected-outcome" aria-label="Selected message outcome">
      <h3>Selected message: {outcome.mark}</h3>
      <p className="muted">{outcome.reason}</p>
      {outcome.mark === 'modified' && outcome.delivered && (
        <DiffView
          ariaLabel="Original and delivered message"
          original={utf8Decode(messages.payload(selected))}
          modified={utf8Decode(outcome.delivered)}
          originalLabel="Original"
          modifiedLabel="Delivered"
          height={160}
        />
      )}
    </section>
  )
}
