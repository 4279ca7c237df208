import type { ReactNode } from 'react'

interface ReferenceTableProps {
  caption?: string
  ariaLabel?: string
  className?: string
  headers: string[]
  /** Cells per row; a row's key is its first cell's text. */
  rows: { key: string; cells: ReactNode[]; active?: boolean; className?: string }[]
}

/** The learn page's reference tables (API attributes, events, methods, close codes) share one shape. */
export function ReferenceTable({ caption, ariaLabel, className, headers, rows }: ReferenceTableProps) {
  return (
    <table className={className} aria-label={ariaLabel}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.active ? 'active' : undefined}>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
