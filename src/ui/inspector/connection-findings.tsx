import { FindingsList } from '../components/findings-list.tsx'
import { formatClock } from '../components/format.ts'
import { useConnectionView } from '../connection/use-connection.ts'

/** Protocol violations and warnings the tap's decoders found on this connection, either way. */
export function ConnectionFindings({ id }: { id: string }) {
  const findings = useConnectionView(id, (v) => v.tap.findings)
  if (!findings.length) return null
  return (
    <section className="connection-findings">
      <h3>Protocol findings on this connection</h3>
      <FindingsList items={findings.map(({ t, sender, finding }) => ({ finding, where: `${formatClock(t)}, from the ${sender}` }))} label="Protocol findings" />
    </section>
  )
}
