import { useState } from 'react'
import { downloadFile } from '../components/download.ts'
import { useTabSession } from '../connection/connections-store.ts'
import { saveConnection, sessionOfTab, useSavedSessionsStore } from '../persistence/saved-sessions-store.ts'
import { sessionExportFile, type ExportFormat } from '../persistence/session-export.ts'
import './connect.css'

/** Save the tab as a session (live tabs; saving again replaces it) and export it as JSON or HAR. */
export function TabActions({ id }: { id: string }) {
  const saved = useSavedSessionsStore((s) => s.tabKeys[id] !== undefined)
  // A session tab that came from a saved session is that session already.
  const readOnly = useTabSession(id) !== null
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [secrets, setSecrets] = useState(false)
  const run = (work: () => Promise<string>) =>
    work().then(
      (text) => setMessage({ ok: true, text }),
      (e: unknown) => setMessage({ ok: false, text: `Failed: ${e instanceof Error ? e.message : String(e)}` }),
    )
  const save = () => run(async () => `Saved as “${(await saveConnection(id)).info.name}”`)
  const exportAs = (format: ExportFormat) =>
    run(async () => {
      const file = sessionExportFile(await sessionOfTab(id), format, secrets)
      downloadFile(file)
      return `Downloaded ${file.name}`
    })
  return (
    <div className="tab-actions">
      {message && (
        <span className={`small ${message.ok ? 'muted' : 'error'}`} role="status">
          {message.text}
        </span>
      )}
      {!(readOnly && saved) && (
        <button type="button" onClick={save} title={saved ? 'Save the log again, replacing what this tab saved' : 'Keep this log as a session (Sessions page)'}>
          {saved ? 'Save again' : 'Save session'}
        </button>
      )}
      <button type="button" onClick={() => exportAs('json')} title="Lossless wsinspect JSON: imports back exactly">
        Export JSON
      </button>
      <button type="button" onClick={() => exportAs('har')} title="HAR 1.2 with the messages, for tools that read HAR">
        Export HAR
      </button>
      <label
        className="check small"
        title="Exports replace Authorization, Cookie, Set-Cookie and token-like URL parameters with [redacted] unless this is ticked"
      >
        <input type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} />
        Include secrets
      </label>
    </div>
  )
}
