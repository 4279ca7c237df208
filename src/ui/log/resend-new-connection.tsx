import { useState } from 'react'
import { utf8Decode } from '../../protocol/index.ts'
import { MessageEditBox, useMessageEdit } from '../components/message-edit-box.tsx'
import { useConnectionsStore, type Mode } from '../connection/connections-store.ts'
import { sendOnNewConnection } from '../connection/new-connection.ts'

interface ResendNewProps {
  /** The tab the message was logged on: its URL and settings are the new connection's defaults. */
  id: string
  index: number
  binary: boolean
  data: Uint8Array
  onDone: () => void
}

/**
 * A logged message sent again, as it is or edited, on a new connection (a new tab, Direct or
 * through the tap) instead of the one it was logged on. Hex sends a binary message, Text and
 * JSON a text one.
 */
export function ResendNewConnection({ id, index, binary, data, onDone }: ResendNewProps) {
  const tab = useConnectionsStore((s) => s.byId[id])
  const [url, setUrl] = useState(tab?.status.url || tab?.config.url || '')
  const [mode, setMode] = useState<Mode>(tab?.config.mode ?? 'direct')
  const [problem, setProblem] = useState<string | null>(null)
  const edit = useMessageEdit(data, binary)
  const send = async () => {
    const edited = edit.result()
    if (!edited.ok) return setProblem(edited.error)
    const payload = edit.format === 'hex' ? edited.value.slice() : utf8Decode(edited.value)
    const protocols = tab?.status.protocol || tab?.config.protocols || ''
    onDone()
    // The new tab becomes the active one; its connect bar says what went wrong, if anything did.
    const error = await sendOnNewConnection({ ...tab?.config, url: url.trim(), mode, protocols }, payload)
    if (error) setProblem(error)
  }
  return (
    <section className="resend-new" aria-label={`Send #${index + 1} on a new connection`}>
      <div className="resend-new-target">
        <label>
          New connection URL <input className="mono" value={url} spellCheck={false} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Connect{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="direct">Direct</option>
            <option value="tap">Through tap</option>
          </select>
        </label>
      </div>
      <MessageEditBox edit={edit} label="Message to send" />
      <div className="resend-new-actions">
        <button type="button" className="primary" onClick={() => void send()}>
          Open and send
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}
