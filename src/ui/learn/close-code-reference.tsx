import { describeCloseCode, PROTOCOL_CLOSE_CODES } from '../../protocol/index.ts'

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
    <table className="close-codes" aria-label="Close codes">
      <thead>
        <tr>
          <th>Code</th>
          <th>Name</th>
          <th>Meaning</th>
          <th>When to use it</th>
          <th>Sent?</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, info }) => (
          <tr key={label}>
            <td className="mono">{label}</td>
            <td>{info.name}</td>
            <td>{info.meaning}</td>
            <td>{info.whenToUse}</td>
            <td className={info.onWire ? 'ok' : 'muted'}>{info.onWire ? 'yes' : 'never'}</td>
            <td className="muted">{info.rfc}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
