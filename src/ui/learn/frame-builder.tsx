import { opcodeLabel } from '../../protocol/index.ts'
import { FrameCard } from '../components/frame-card.tsx'
import { FindingsList } from '../components/findings-list.tsx'
import { SegmentedControl } from '../components/segmented-control.tsx'
import { useFrameBuilderStore, type BuilderFields, type LengthForm } from './frame-builder-store.ts'
import { LengthForms } from './length-forms.tsx'
import { formatByteCount, formatCount } from '../components/format.ts'

const PAYLOAD_MODES = [
  { value: 'text', label: 'Text' },
  { value: 'hex', label: 'Hex' },
] as const

const OPCODES = Array.from({ length: 16 }, (_, op) => op)
const FLAGS: { key: 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'masked'; label: string }[] = [
  { key: 'fin', label: 'FIN' },
  { key: 'rsv1', label: 'RSV1' },
  { key: 'rsv2', label: 'RSV2' },
  { key: 'rsv3', label: 'RSV3' },
  { key: 'masked', label: 'MASK' },
]

/** Build a frame field by field, or edit its bytes: each side updates the other. */
export function FrameBuilder() {
  return (
    <div className="frame-builder">
      <div className="builder-inputs">
        <BuilderFlags />
        <BuilderPayload />
        <BuilderBytes />
        <BuilderProblem />
      </div>
      <div className="builder-output">
        <LengthForms />
        <BuiltFrame />
        <BuilderFindings />
      </div>
    </div>
  )
}

function useField<K extends keyof BuilderFields>(key: K): [BuilderFields[K], (value: BuilderFields[K]) => void] {
  const value = useFrameBuilderStore((s) => s.fields[key])
  const setFields = useFrameBuilderStore((s) => s.setFields)
  return [value, (v) => setFields({ [key]: v } as Partial<BuilderFields>)]
}

function FlagToggle({ flag, label }: { flag: (typeof FLAGS)[number]['key']; label: string }) {
  const [value, setValue] = useField(flag)
  return (
    <label className="flag-toggle">
      <input type="checkbox" checked={value} onChange={(e) => setValue(e.target.checked)} />
      {label}
    </label>
  )
}

function BuilderFlags() {
  const [opcode, setOpcode] = useField('opcode')
  const [masked] = useField('masked')
  const [maskKey, setMaskKey] = useField('maskKey')
  const [lengthForm, setLengthForm] = useField('lengthForm')
  const randomKey = useFrameBuilderStore((s) => s.randomKey)
  return (
    <fieldset className="builder-fields">
      <legend>Header</legend>
      <div className="builder-row">
        {FLAGS.map((f) => (
          <FlagToggle key={f.key} flag={f.key} label={f.label} />
        ))}
      </div>
      <div className="builder-row">
        <label className="field">
          Opcode
          <select value={opcode} onChange={(e) => setOpcode(Number(e.target.value))}>
            {OPCODES.map((op) => (
              <option key={op} value={op}>
                {op.toString(16).toUpperCase()} — {opcodeLabel(op)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Length form
          <select value={String(lengthForm)} onChange={(e) => setLengthForm((e.target.value === 'minimal' ? 'minimal' : Number(e.target.value)) as LengthForm)}>
            <option value="minimal">minimal (as required)</option>
            <option value="7">7-bit</option>
            <option value="16">16-bit (126)</option>
            <option value="64">64-bit (127)</option>
          </select>
        </label>
        <label className="field">
          Masking key
          <input className="mono key-input" value={maskKey} disabled={!masked} spellCheck={false} maxLength={8} onChange={(e) => setMaskKey(e.target.value)} />
        </label>
        <button type="button" className="builder-random" onClick={randomKey}>
          Random key
        </button>
      </div>
    </fieldset>
  )
}

const SIZES = [5, 125, 126, 65_535, 65_536]

function BuilderPayload() {
  const [mode, setMode] = useField('payloadMode')
  const [payload, setPayload] = useField('payload')
  const setPayloadSize = useFrameBuilderStore((s) => s.setPayloadSize)
  const length = useFrameBuilderStore((s) => s.bytes.length)
  return (
    <fieldset className="builder-fields">
      <legend>Payload</legend>
      <SegmentedControl label="Payload as" options={PAYLOAD_MODES} value={mode} onChange={setMode}>
        <span className="muted">frame: {formatByteCount(length)}</span>
      </SegmentedControl>
      <textarea
        aria-label="Payload"
        rows={3}
        value={payload.length > 4000 ? `${payload.slice(0, 4000)}` : payload}
        readOnly={payload.length > 4000}
        spellCheck={false}
        onChange={(e) => setPayload(e.target.value)}
      />
      {payload.length > 4000 && <p className="muted small">Long payload: the first 4,000 characters are shown; pick a smaller size to edit it.</p>}
      <div className="builder-row">
        <span className="muted small">Payload of</span>
        {SIZES.map((n) => (
          <button key={n} type="button" className="small" onClick={() => setPayloadSize(n)}>
            {formatCount(n)} B
          </button>
        ))}
      </div>
    </fieldset>
  )
}

function BuilderBytes() {
  const bytesText = useFrameBuilderStore((s) => s.bytesText)
  const setBytesText = useFrameBuilderStore((s) => s.setBytesText)
  const big = bytesText.length > 20_000
  return (
    <fieldset className="builder-fields">
      <legend>Bytes (editable)</legend>
      <textarea
        className="mono builder-bytes"
        aria-label="Frame bytes"
        rows={5}
        value={big ? bytesText.slice(0, 20_000) : bytesText}
        readOnly={big}
        spellCheck={false}
        onChange={(e) => setBytesText(e.target.value)}
      />
      {big && <p className="muted small">The frame is long: its first bytes are shown here, all of them in the dump.</p>}
    </fieldset>
  )
}

function BuilderProblem() {
  const problem = useFrameBuilderStore((s) => s.problem)
  if (!problem) return null
  return (
    <p className="error" role="alert">
      {problem}. The fields and the frame shown are the last valid ones.
    </p>
  )
}

function BuiltFrame() {
  const bytes = useFrameBuilderStore((s) => s.bytes)
  return <FrameCard bytes={bytes} caption={`The frame: ${formatByteCount(bytes.length)}`} maxRows={6} />
}

function BuilderFindings() {
  const findings = useFrameBuilderStore((s) => s.findings)
  if (findings.length === 0) return <p className="ok">A receiver accepts this frame.</p>
  return <FindingsList items={findings.map((finding) => ({ finding }))} label="What a receiver says" />
}
