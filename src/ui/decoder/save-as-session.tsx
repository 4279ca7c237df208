import { useState } from 'react'
import { saveSession } from '../persistence/saved-sessions-store.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { pasteToSession } from './paste-session.ts'

/** Keeps the decode as a saved session (Sessions page), to reopen in the inspector or export. */
export function SaveAsSession() {
  const output = useDecoderResultStore((s) => s.output)
  // The message belongs to the decode it was about: a new decode clears it.
  const [message, setMessage] = useState<{ ok: boolean; text: string; decode: number } | null>(null)
  if (!output?.capture?.frames.length) return null
  const save = async () => {
    const { from, extensions } = useDecoderInputStore.getState()
    const session = pasteToSession(output, from, extensions)
    if (!session) return
    try {
      const saved = await saveSession(session)
      setMessage({ ok: true, text: `Saved as “${saved.info.name}”: open it from the Sessions page.`, decode: output.id })
    } catch (e) {
      setMessage({ ok: false, text: `Not saved: ${e instanceof Error ? e.message : String(e)}`, decode: output.id })
    }
  }
  return (
    <p className="save-as-session">
      <button type="button" onClick={() => void save()}>
        Save as session
      </button>{' '}
      {message?.decode === output.id && (
        <span className={message.ok ? 'muted' : 'error'} role="status">
          {message.text}
        </span>
      )}
    </p>
  )
}
