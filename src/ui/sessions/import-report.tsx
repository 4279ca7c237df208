import type { ConnectionSummary } from '../../importers/index.ts'
import { formatBytes, formatCount, formatDuration } from '../components/format.ts'
import type { ImportedSession, ImportReport as Report } from './import-job.ts'
import { ProgressBar } from '../components/progress-bar.tsx'
import { cancelImport } from './import-runner.ts'
import { useImportStore } from './import-store.ts'
import { openInInspector, openUnsaved } from './session-actions.ts'

const KIND_NAMES: Record<ConnectionSummary['kind'], string> = {
  websocket: 'WebSocket',
  'websocket-refused': 'WebSocket, upgrade refused',
  tls: 'TLS',
  http: 'HTTP',
  other: 'other TCP',
}

const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`

/**
 * What the last import found: its sessions, every TCP connection, and each problem with where it
 * is. Shown as soon as the file is parsed; while its sessions are saved, a bar says how far.
 */
export function ImportReport() {
  const report = useImportStore((s) => s.report)
  const failure = useImportStore((s) => s.failure)
  if (failure)
    return (
      <p className="error" role="alert">
        {failure}
      </p>
    )
  if (!report) return null
  const saving = report.saveSeconds === null
  return (
    <section className="import-report" aria-label="Import report">
      <div className="import-report-head">
        <h2>
          Imported <span className="mono">{report.fileName}</span>
        </h2>
        {!saving && (
          <button type="button" className="small" onClick={() => useImportStore.setState({ report: null, unsaved: [] })}>
            Dismiss
          </button>
        )}
      </div>
      <p data-testid="import-summary">
        {report.formatLabel}, {formatBytes(report.fileSize)}: {plural(report.sessions.length, 'session')}
        {report.connections.length > 0 && `, ${plural(report.connections.length, 'TCP connection')}`}
        <span className="muted">
          {' '}
          · read in {formatDuration(report.readSeconds * 1000)}
          {report.sessions.length > 0 && report.saveSeconds !== null && `, saved in ${formatDuration(report.saveSeconds * 1000)}`}
        </span>
      </p>
      {saving && <SavingProgress />}
      <Problems report={report} />
      {report.sessions.length > 0 && <FoundSessions sessions={report.sessions} saving={saving} />}
      {report.connections.length > 0 && <Connections report={report} />}
    </section>
  )
}

function Problems({ report }: { report: Report }) {
  return (
    <>
      {report.errors.length > 0 && (
        <div className="import-errors" role="alert">
          <h3>{plural(report.errors.length, 'problem')} with the file</h3>
          <ul>
            {report.errors.map((e, i) => (
              <li key={i} className="error">
                {e.message}
              </li>
            ))}
          </ul>
          <p className="muted small">Reading stopped or skipped at each problem; everything read before it is kept.</p>
        </div>
      )}
      {report.warnings.length > 0 && (
        <ul className="import-warnings" aria-label="Warnings">
          {report.warnings.map((w, i) => (
            <li key={i} className="warn">
              {w}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

function SavingProgress() {
  const progress = useImportStore((s) => s.progress)
  const fraction = progress?.phase === 'saving' && progress.total > 0 ? progress.done / progress.total : 0
  return (
    <ProgressBar label="Saving sessions" fraction={fraction} text={`Saving… ${Math.floor(fraction * 100)}%`}>
      <button type="button" onClick={cancelImport}>
        Cancel
      </button>
    </ProgressBar>
  )
}

function FoundSessions({ sessions, saving }: { sessions: ImportedSession[]; saving: boolean }) {
  const unsaved = useImportStore((s) => s.unsaved)
  return (
    <>
      <h3>Sessions found</h3>
      <ul className="found-sessions">
        {sessions.map((s, i) => (
          <li key={i}>
            <span className="mono">{s.info.name}</span> <span className="muted">· {plural(s.messages, 'message')}</span>
            {s.info.notes.map((note, k) => (
              <span key={k} className="muted small note">
                {note}
              </span>
            ))}
            {saving ? (
              <button type="button" className="small" aria-label={`Open ${s.info.name}`} disabled title="Opens once it is saved">
                Open
              </button>
            ) : s.key !== null ? (
              <button type="button" className="small" aria-label={`Open ${s.info.name}`} onClick={() => void openInInspector(s.key!)}>
                Open
              </button>
            ) : (
              <button
                type="button"
                className="small"
                aria-label={`Open ${s.info.name} (not saved)`}
                onClick={() => openUnsaved(unsaved.find((u) => u.info.id === s.info.id)!)}
              >
                Open (not saved)
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

function Connections({ report }: { report: Report }) {
  return (
    <>
      <h3>TCP connections in the capture</h3>
      <table className="sessions-table connections-table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Client → server</th>
            <th scope="col" className="num">
              Bytes sent
            </th>
            <th scope="col" className="num">
              Bytes received
            </th>
            <th scope="col" className="num">
              Packets
            </th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {report.connections.map((c, i) => {
            const session = c.sessionIndex === null ? null : report.sessions[c.sessionIndex]
            const notes = [...new Set([...c.notes, ...(session?.info.notes ?? [])])]
            return (
              <tr key={i} className={`kind-${c.kind}`}>
                <td>{KIND_NAMES[c.kind]}</td>
                <td className="mono">
                  {c.client} → {c.server}
                </td>
                <td className="num">{formatBytes(c.clientBytes)}</td>
                <td className="num">{formatBytes(c.serverBytes)}</td>
                <td className="num">{formatCount(c.packets)}</td>
                <td>
                  {notes.map((n, k) => (
                    <div key={k}>{n}</div>
                  ))}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}
