interface FormatSelectProps<K extends string> {
  label: string
  formats: readonly { key: K; label: string }[]
  value: K
  onChange: (key: K) => void
}

/** A choice among copy formats (Copy as…, Copy rows as…). */
export function FormatSelect<K extends string>({ label, formats, value, onChange }: FormatSelectProps<K>) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as K)}>
      {formats.map((f) => (
        <option key={f.key} value={f.key}>
          {f.label}
        </option>
      ))}
    </select>
  )
}
