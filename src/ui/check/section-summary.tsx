import type { CaseResult } from '../../check/judge.ts'
import { sectionSummaries } from '../../check/report.ts'
import { SECTION_TITLES } from '../../check/section-titles.ts'
import { VERDICTS } from '../../check/verdict.ts'

const TITLE = Object.fromEntries(SECTION_TITLES.map((s) => [s.id, s.title]))

/** Verdict counts per section, as the CLI's table. */
export function SectionSummary({ results }: { results: CaseResult[] }) {
  const rows = sectionSummaries(results)
  if (rows.length === 0) return null
  return (
    <table className="check-summary" aria-label="Summary by section">
      <thead>
        <tr>
          <th scope="col">Section</th>
          <th scope="col">Cases</th>
          {VERDICTS.map((v) => (
            <th scope="col" key={v}>
              {v}
            </th>
          ))}
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.section}>
            <th scope="row">
              {r.section} {TITLE[r.section] ?? ''}
            </th>
            <td>{r.cases}</td>
            {VERDICTS.map((v) => (
              <td key={v} className={r.counts[v] ? `verdict verdict-${v}` : 'muted'}>
                {r.counts[v] || '–'}
              </td>
            ))}
            <td>{(r.durationMs / 1000).toFixed(1)} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
