import { useState } from 'react'
import { encodeBase64 } from '../../protocol/index.ts'
import { engine } from '../connection/app-engine.ts'
import type { HeldAction, HeldMessage } from '../connection/connection.ts'
import { MessageEditBox, useMessageEdit } from '../components/message-edit-box.tsx'

/** One held message: its content in an editor, and what to do with it. */
export function HeldMessageEditor({ id, message }: { id: string; message: HeldMessage }) {
  const edit = useMessageEdit(message.data, message.messageType === 'binary')
  const [problem, setProblem] = useState<string | null>(null)
  const direction = message.sender === 'client' ? 'client → server' : 'server → client'

  const release = async (action: HeldAction) => {
    let data: string | undefined
    if (action === 'forward-edited') {
      const edited = edit.result()
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
      <MessageEditBox edit={edit} label="Held message content" />
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
