import { describeCloseCode, PROTOCOL_CLOSE_CODES } from '../../protocol/index.ts'
import { whenToUseCloseCode } from '../../learn/index.ts'
import { ReferenceTable } from './reference-table.tsx'

/** Ranges of the code space beyond the registered codes, by a representative code. */
const RANGES = [
  { label: '0–999', sample: 0 },
  { label: '1016–2999', sample: 2000 },
  { label: '3000–3999', sample: 3000 },
  { label: '4000–4999', sample: 4000 },
]

/** Every close code of RFC 6455 §7.4 and the IANA registry, with when to use it. */
export function CloseCodeReference() {
  const rows = [
    ...PROTOCOL_CLOSE_CODES.map((code) => ({ label: String(code), info: describeCloseCode(code) })),
    ...RANGES.map((r) => ({ label: r.label, info: describeCloseCode(r.sample) })),
  ]
  return (
    <ReferenceTable
      className="close-codes"
      ariaLabel="Close codes"
      headers={['Code', 'Name', 'Meaning', 'When to use it', 'Sent?', 'Source']}
      rows={rows.map(({ label, info }) => ({
        key: label,
        cells: [
          <span className="mono">{label}</span>,
          info.name,
          info.meaning,
          whenToUseCloseCode(info.code),
          <span className={info.onWire ? 'ok' : 'muted'}>{info.onWire ? 'yes' : 'never'}</span>,
          <span className="muted">{info.rfc}</span>,
        ],
      }))}
    />
  )
}
