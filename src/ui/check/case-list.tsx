import type { CaseResult } from '../../check/judge.ts'
import { verdictOf } from '../../check/report.ts'

interface CaseListProps {
  results: CaseResult[]
  selected: string | null
  onSelect: (id: string) => void
}

/** Every case run so far with its two verdicts; choosing one shows its details. */
export function CaseList({ results, selected, onSelect }: CaseListProps) {
  return (
    <ul className="check-cases" aria-label="Cases">
      {results.map((r) => (
        <li key={r.id}>
          <button type="button" aria-pressed={selected === r.id} onClick={() => onSelect(r.id)} className={`check-case verdict-${verdictOf(r)}`}>
            <span className="check-case-id">{r.id}</span>
            <span className={`verdict verdict-${r.behavior}`}>{r.behavior}</span>
            <span className={`verdict verdict-${r.closeBehavior}`}>{r.closeBehavior}</span>
            <span className="check-case-title">{r.title}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
