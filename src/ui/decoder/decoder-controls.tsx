import type { ChangeEvent } from 'react'
import type { TextInputFormat } from '../../input/index.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { DECODER_EXAMPLES } from './decoder-examples.ts'
import { SegmentedControl } from '../components/segmented-control.tsx'

const DIRECTIONS = [
  { value: 'client', label: 'client → server' },
  { value: 'server', label: 'server → client' },
] as const

const FORMATS: { value: TextInputFormat; label: string }[] = [
  { value: 'auto', label: 'Recognise' },
  { value: 'hex', label: 'Hex' },
  { value: 'hexdump', label: 'Hex dump' },
  { value: 'base64', label: 'Base64' },
]

/** How to read the paste: who sent the bytes, the input format, the negotiated extensions. */
export function DecoderControls() {
  return (
    <div className="decoder-controls">
      <DirectionChoice />
      <FormatChoice />
      <ExtensionsField />
      <ExampleChoice />
      <OpenFile />
    </div>
  )
}

function DirectionChoice() {
  const from = useDecoderInputStore((s) => s.from)
  const setFrom = useDecoderInputStore((s) => s.setFrom)
  return <SegmentedControl label="Direction" options={DIRECTIONS} value={from} onChange={setFrom} />
}

function FormatChoice() {
  const format = useDecoderInputStore((s) => s.format)
  const setFormat = useDecoderInputStore((s) => s.setFormat)
  return (
    <label className="field">
      Input
      <select value={format} onChange={(e) => setFormat(e.target.value as TextInputFormat)}>
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
    </label>
  )
}

function ExtensionsField() {
  const extensions = useDecoderInputStore((s) => s.extensions)
  const problem = useDecoderInputStore((s) => s.extensionsProblem)
  const setExtensions = useDecoderInputStore((s) => s.setExtensions)
  return (
    <label className="field field-wide">
      Extensions
      <input
        type="text"
        value={extensions}
        placeholder="permessage-deflate; client_max_window_bits=15"
        spellCheck={false}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'decoder-extensions-problem' : undefined}
        onChange={(e) => setExtensions(e.target.value)}
      />
      {problem && (
        <span id="decoder-extensions-problem" className="error field-problem">
          {problem}; decoding without it
        </span>
      )}
    </label>
  )
}

function ExampleChoice() {
  const load = useDecoderInputStore((s) => s.load)
  return (
    <label className="field">
      Example
      <select value="" onChange={(e) => e.target.value !== '' && load(DECODER_EXAMPLES[Number(e.target.value)].query)}>
        <option value="">Load an example…</option>
        {DECODER_EXAMPLES.map((ex, i) => (
          <option key={i} value={i}>
            {ex.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A capture saved as text (hex, a dump, base64) can be opened instead of pasted. */
function OpenFile() {
  const setText = useDecoderInputStore((s) => s.setText)
  const onChange = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file) setText(await file.text())
    e.target.value = ''
  }
  return (
    <label className="file-button">
      Open file…
      <input type="file" accept=".txt,.hex,.dump,.b64,text/plain" onChange={onChange} aria-label="Open a text capture" />
    </label>
  )
}
