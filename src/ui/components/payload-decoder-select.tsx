import { payloadRegistry } from '../../payload/index.ts'

export interface DecoderOption {
  value: string
  label: string
}

const DECODE_CHOICES: readonly DecoderOption[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'none', label: 'None' },
]

/**
 * A select of the registered payload decoders by id, after `leading` choices: by default the
 * decoding choice (automatic, none); a filter passes its own (e.g. "any").
 */
export function PayloadDecoderSelect({
  value,
  onChange,
  leading = DECODE_CHOICES,
  label = 'Payload decoder',
}: {
  value: string
  onChange: (decoder: string) => void
  leading?: readonly DecoderOption[]
  label?: string
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {leading.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {payloadRegistry.ids.map((d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </select>
  )
}
