import { formatClock } from '../components/format.ts'
import { useConnectionView } from '../connection/use-connection.ts'

/** Protocol violations and warnings the tap's decoders found on this connection, either way. */
export function FindingsList({ id }: { id: string }) {
  const findings = useConnectionView(id, (v) => v.tap.findings)
  if (!findings?.length) return null
  return (
    <section className="findings">
      <h3>Protocol findings on this connection</h3>
      <ul>
        {findings.map(({ t, sender, finding }, i) => (
          <li key={i} className={finding.severity}>
            <span className="mono">{formatClock(t)}</span> {sender}: {finding.message}{' '}
            <span className="muted">
              ({finding.rfc}
              {finding.closeCode !== null ? `; a conforming peer closes with ${finding.closeCode}` : ''}, byte {finding.offset})
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
