import { FindingsList } from '../components/findings-list.tsx'
import { formatClock, formatCount } from '../components/format.ts'
import { useConnectionView, useShownAttempt } from '../connection/use-connection.ts'

/**
 * Protocol violations and warnings the tap's decoders found, either way, on the connection
 * attempt shown (the current one unless the user picked an earlier one in the Handshake tab).
 */
export function ConnectionFindings({ id }: { id: string }) {
  const attempt = useShownAttempt(id)
  const several = useConnectionView(id, (v) => v.attempts.length > 1)
  const elsewhere = useConnectionView(id, (v) => v.attempts.reduce((n, a) => (a === attempt ? n : n + a.findings.length), 0))
  if (!attempt) return null
  const where = several ? `attempt ${attempt.number}` : 'this connection'
  if (!attempt.findings.length) {
    return elsewhere ? (
      <p className="muted connection-findings">
        No protocol findings on {where} ({formatCount(elsewhere)} on other attempts).
      </p>
    ) : null
  }
  return (
    <section className="connection-findings">
      <h3>Protocol findings on {where}</h3>
      <FindingsList
        items={attempt.findings.map(({ t, sender, finding }) => ({ finding, where: `${formatClock(t)}, from the ${sender}` }))}
        label="Protocol findings"
      />
    </section>
  )
}
