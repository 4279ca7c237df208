import { describeCloseCode, type Finding } from '../../protocol/index.ts'
import { formatCount } from './format.ts'
import './findings-list.css'

export interface FindingItem {
  finding: Finding
  /** Where it is in the source text, e.g. "line 1, column 37"; omitted when there is no text. */
  where?: string
}

interface FindingsListProps {
  items: FindingItem[]
  selected?: number | null
  /** When given, each finding is a button that selects it (e.g. to highlight its bytes). */
  onSelect?: (index: number) => void
  /** Long lists show their first findings only; the count says how many more. */
  limit?: number
  label?: string
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' } as const

/**
 * Findings as the core reports them: what is wrong, the close code a conforming endpoint would
 * send (explained), the RFC section, and where. Messages are text, never HTML.
 */
export function FindingsList({ items, selected = null, onSelect, limit = 200, label = 'Findings' }: FindingsListProps) {
  const shown = items.slice(0, limit)
  return (
    <div className="findings">
      <ul className="findings-list" aria-label={label}>
        {shown.map((item, i) => {
          const body = <FindingBody item={item} />
          return (
            <li key={i} className={`finding finding-${item.finding.severity}${selected === i ? ' selected' : ''}`}>
              {onSelect ? (
                <button type="button" className="finding-button" aria-pressed={selected === i} onClick={() => onSelect(i)}>
                  {body}
                </button>
              ) : (
                body
              )}
            </li>
          )
        })}
      </ul>
      {items.length > shown.length && <p className="muted">…and {formatCount(items.length - shown.length)} more</p>}
    </div>
  )
}

function FindingBody({ item }: { item: FindingItem }) {
  const { finding, where } = item
  const close = finding.closeCode === null ? null : describeCloseCode(finding.closeCode)
  return (
    <span className="finding-body">
      <span className="finding-head">
        <span className={`finding-severity ${finding.severity === 'info' ? 'muted' : finding.severity === 'warning' ? 'warn' : 'error'}`}>
          {SEVERITY_LABEL[finding.severity]}
        </span>
        <span className="finding-message">{finding.message}</span>
      </span>
      {close && (
        <span className="finding-close">
          close code <strong>{close.code}</strong> {close.name}: {close.meaning}
        </span>
      )}
      <span className="finding-meta muted">
        <span>{finding.rfc}</span>
        <span className="mono">{finding.code}</span>
        <span>byte {formatCount(finding.offset)}</span>
        {where && <span>{where}</span>}
      </span>
    </span>
  )
}
