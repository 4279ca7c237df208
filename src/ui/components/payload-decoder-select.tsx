import { payloadRegistry } from '../../payload/index.ts'

/** The payload-decoder choice: automatic, none, or one decoder by id. */
export function PayloadDecoderSelect({ value, onChange }: { value: string; onChange: (decoder: string) => void }) {
  return (
    <select aria-label="Payload decoder" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="auto">Automatic</option>
      <option value="none">None</option>
      {payloadRegistry.ids.map((d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </select>
  )
}
