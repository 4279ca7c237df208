import { formatBytes } from '../components/format.ts'
import { useSavedSessionsStore } from '../persistence/saved-sessions-store.ts'

/** The saved sessions' own size, and what the browser says this site stores in all. */
export function StorageUse() {
  const sessions = useSavedSessionsStore((s) => s.sessions)
  const estimate = useSavedSessionsStore((s) => s.estimate)
  const own = sessions.reduce((n, s) => n + s.bytes, 0)
  return (
    <p className="storage-use muted" data-testid="storage-use">
      {sessions.length} saved session{sessions.length === 1 ? '' : 's'}, {formatBytes(own)}
      {estimate && (
        <>
          {' '}
          · this site uses {formatBytes(estimate.usage)} of the {formatBytes(estimate.quota)} the browser allows
        </>
      )}
    </p>
  )
}
