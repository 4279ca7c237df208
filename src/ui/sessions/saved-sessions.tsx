import { useEffect, useState } from 'react'
import { formatBytes, formatCount, formatDateTime } from '../components/format.ts'
import { deleteSavedSession, refreshSavedSessions, renameSavedSession, useSavedSessionsStore } from '../persistence/saved-sessions-store.ts'
import type { SavedSession } from '../persistence/session-db.ts'
import { setUpReplay } from './replay-store.ts'
import { exportSaved, openInInspector } from './session-actions.ts'
import { SOURCE_LABELS } from '../components/source-labels.ts'
import { StorageUse } from './storage-use.tsx'

/** Every saved session: open, replay, rename, export or delete it. */
export function SavedSessions() {
  const sessions = useSavedSessionsStore((s) => s.sessions)
  const status = useSavedSessionsStore((s) => s.status)
  const problem = useSavedSessionsStore((s) => s.problem)
  useEffect(() => {
    void refreshSavedSessions()
  }, [])
  return (
    <section className="saved-sessions" aria-labelledby="saved-sessions-title">
      <h2 id="saved-sessions-title">Saved sessions</h2>
      <StorageUse />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {status === 'ready' && sessions.length === 0 && <p className="muted">No saved sessions yet: import a file, or save a connection from the inspector.</p>}
      {sessions.length > 0 && (
        <table className="sessions-table" aria-label="Saved sessions">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Source</th>
              <th scope="col">When</th>
              <th scope="col" className="num">
                Messages
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <SessionRow key={s.key} saved={s} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function SessionRow({ saved }: { saved: SavedSession }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view')
  const { info, key } = saved
  const name = info.name
  return (
    <tr>
      <td>
        {mode === 'rename' ? <RenameForm saved={saved} done={() => setMode('view')} /> : <span className="session-name">{name}</span>}
        {/* The URL under the name, unless the name is the URL. */}
        {info.url && info.url !== name && <span className="session-url mono">{info.url}</span>}
      </td>
      <td>{SOURCE_LABELS[info.source]}</td>
      <td className="nowrap">{formatDateTime(info.createdAt)}</td>
      <td className="num">{formatCount(saved.counts.messages)}</td>
      <td className="num nowrap">{formatBytes(saved.bytes)}</td>
      <td className="session-actions">
        {mode === 'delete' ? (
          <span className="confirm" role="group" aria-label={`Delete ${name}?`}>
            <span>Delete for good?</span>
            <button type="button" className="small danger" onClick={() => void deleteSavedSession(key)}>
              Delete
            </button>
            <button type="button" className="small" onClick={() => setMode('view')}>
              Keep
            </button>
          </span>
        ) : (
          <>
            <button type="button" className="small primary" aria-label={`Open ${name}`} onClick={() => void openInInspector(key)}>
              Open
            </button>
            <button type="button" className="small" aria-label={`Replay ${name}`} onClick={() => setUpReplay(key, info)}>
              Replay
            </button>
            <button type="button" className="small" aria-label={`Rename ${name}`} onClick={() => setMode('rename')}>
              Rename
            </button>
            <button type="button" className="small" aria-label={`Export ${name} as JSON`} onClick={() => void exportSaved(key, 'json')}>
              JSON
            </button>
            <button type="button" className="small" aria-label={`Export ${name} as HAR`} onClick={() => void exportSaved(key, 'har')}>
              HAR
            </button>
            <button type="button" className="small" aria-label={`Delete ${name}`} onClick={() => setMode('delete')}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  )
}

function RenameForm({ saved, done }: { saved: SavedSession; done: () => void }) {
  const [name, setName] = useState(saved.info.name)
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault()
        const trimmed = name.trim()
        if (trimmed && trimmed !== saved.info.name) void renameSavedSession(saved.key, trimmed).then(done)
        else done()
      }}
    >
      <input
        autoFocus
        value={name}
        aria-label={`New name for ${saved.info.name}`}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && done()}
      />
      <button type="submit" className="small">
        Save
      </button>
      <button type="button" className="small" onClick={done}>
        Cancel
      </button>
    </form>
  )
}
