import { useState } from 'react'
import { fromEditText, toEditText, type EditFormat } from './edit-formats.ts'
import './message-edit-box.css'

const FORMATS: { key: EditFormat; label: string }[] = [
  { key: 'text', label: 'Text' },
  { key: 'json', label: 'JSON' },
  { key: 'hex', label: 'Hex' },
]

export interface MessageEdit {
  format: EditFormat
  text: string
  setText: (text: string) => void
  /** Shows the content in another format (the bytes stay as edited, when they parse). */
  changeFormat: (format: EditFormat) => void
  /** The edited bytes, or why the text cannot be sent. */
  result: () => ReturnType<typeof fromEditText>
}

/** A message's bytes being edited as text, JSON or hex; binary starts as hex. */
export function useMessageEdit(data: Uint8Array, binary: boolean): MessageEdit {
  const [format, setFormat] = useState<EditFormat>(binary ? 'hex' : 'text')
  const [text, setText] = useState(() => toEditText(data, format))
  return {
    format,
    text,
    setText,
    changeFormat: (next) => {
      const current = fromEditText(text, format)
      setText(toEditText(current.ok ? current.value : data, next))
      setFormat(next)
    },
    result: () => fromEditText(text, format),
  }
}

/** The format buttons and the text area of a MessageEdit; `label` names the text area. */
export function MessageEditBox({ edit, label }: { edit: MessageEdit; label: string }) {
  return (
    <div className="message-edit-box">
      <div className="message-edit-formats" role="group" aria-label="Edit as">
        {FORMATS.map((f) => (
          <button key={f.key} type="button" aria-pressed={edit.format === f.key} onClick={() => edit.changeFormat(f.key)}>
            {f.label}
          </button>
        ))}
      </div>
      <textarea
        aria-label={label}
        value={edit.text}
        spellCheck={false}
        rows={Math.min(12, Math.max(3, edit.text.split('\n').length))}
        onChange={(e) => edit.setText(e.target.value)}
      />
    </div>
  )
}
