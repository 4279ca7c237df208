import { connections } from '../connection/connections.ts'
import { useConnectionView } from '../connection/use-connection.ts'
import { stepRow } from './match-step.ts'

/** Selects the next (+1) or previous (−1) row the filter shows; the log scrolls to it. */
export function stepMatch(id: string, by: 1 | -1): void {
  const connection = connections.get(id)
  if (!connection) return
  const { log, selected } = connection.view.getState()
  const row = stepRow(log.scan, log.rows, selected, by)
  if (row !== null) connection.select(log.scan.messageAt(row))
}

/** "Previous match" / "Next match" beside the filter (Shift+Enter / Enter in it do the same). */
export function MatchSteps({ id }: { id: string }) {
  const none = useConnectionView(id, (v) => !v.filter.text || v.log.rows === 0)
  return (
    <span className="match-steps">
      <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter in the filter)" disabled={none} onClick={() => stepMatch(id, -1)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" title="Next match (Enter in the filter)" disabled={none} onClick={() => stepMatch(id, 1)}>
        ↓
      </button>
    </span>
  )
}
