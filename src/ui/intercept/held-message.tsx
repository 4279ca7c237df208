import { useState } from 'react'
import { encodeBase64 } from '../../protocol/index.ts'
import { engine } from '../connection/app-engine.ts'
import type { HeldAction, HeldMessage } from '../connection/connection.ts'
import { fromEditText, toEditText, type EditFormat } from './edit-formats.ts'

const FORMATS: { key: EditFormat; label: string }[] = [
  { key: 'text', label: 'Text' },
  { key: 'json', label: 'JSON' },
  { key: 'hex', label: 'Hex' },
]

/** One held message: its content in an editor, and what to do with it. */
export function HeldMessageEditor({ id, message }: { id: string; message: HeldMessage }) {
  const [format, setFormat] = useState<EditFormat>(message.messageType === 'binary' ? 'hex' : 'text')
  const [text, setText] = useState(() => toEditText(message.data, format))
  const [problem, setProblem] = useState<string | null>(null)
  const direction = message.sender === 'client' ? 'client → server' : 'server → client'

  const changeFormat = (next: EditFormat) => {
    const current = fromEditText(text, format)
    setText(toEditText(current.ok ? current.value : message.data, next))
    setFormat(next)
  }

  const release = async (action: HeldAction) => {
    let data: string | undefined
    if (action === 'forward-edited') {
      const edited = fromEditText(text, format)
      if (!edited.ok) return setProblem(edited.error)
      data = encodeBase64(edited.value)
    }
    const outcome = await engine.tapCommand(id, { type: 'release', holdId: message.holdId, action, data })
    setProblem(outcome.ok ? null : outcome.message)
  }

  return (
    <section className="held-message" aria-label={`Held message ${message.holdId}`}>
      <header>
        <strong>Held</strong> {message.messageType} message, {direction}
        {message.rule !== null && <span className="muted"> — break rule {message.rule + 1}</span>}
        {message.expiresAt !== null && <span className="muted"> — goes on by itself at {new Date(message.expiresAt).toLocaleTimeString()}</span>}
      </header>
      <div className="held-formats" role="group" aria-label="Edit as">
        {FORMATS.map((f) => (
          <button key={f.key} type="button" aria-pressed={format === f.key} onClick={() => changeFormat(f.key)}>
            {f.label}
          </button>
        ))}
      </div>
      <textarea aria-label="Held message content" value={text} spellCheck={false} rows={Math.min(12, Math.max(3, text.split('\n').length))} onChange={(e) => setText(e.target.value)} />
      <div className="held-actions">
        <button type="button" onClick={() => void release('forward')}>
          Forward
        </button>
        <button type="button" onClick={() => void release('forward-edited')}>
          Forward edited
        </button>
        <button type="button" onClick={() => void release('drop')}>
          Drop
        </button>
      </div>
      {problem && (
        <p className="control-result error" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}
