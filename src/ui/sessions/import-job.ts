/**
 * One file import, as the import worker runs it: reads the file in slices (a capture is fed
 * to the CaptureImporter slice by slice, so a 100 MB pcap is never one more 100 MB copy),
 * reports progress, and saves every session to IndexedDB itself, so only a small report goes
 * back to the page. A session that cannot be saved goes back whole, to be opened unsaved.
 */
import {
  formatLabel,
  importerFor,
  importFile,
  probeOf,
  type ConnectionSummary,
  type ImportError,
  type ImportFormat,
  type ImportResult,
} from '../../importers/index.ts'
import type { Session, SessionInfo } from '../../shared/session.ts'
import type { SessionDb } from '../persistence/session-db.ts'

/** Bytes read from the file at a time. */
const SLICE = 4 * 1024 * 1024

/** Bytes read of the file, then bytes of the sessions saved. */
export interface ImportProgress {
  phase: 'reading' | 'saving'
  done: number
  total: number
}

export interface ImportedSession {
  info: SessionInfo
  messages: number
  /** Its key in the saved sessions; null while saving, or when it could not be saved. */
  key: string | null
}

export interface ImportReport {
  fileName: string
  fileSize: number
  format: ImportFormat
  /** The format in words ('pcap capture'), from the importer that read it. */
  formatLabel: string
  /** Reading and parsing the file, then saving its sessions (null while they are being saved). */
  readSeconds: number
  saveSeconds: number | null
  sessions: ImportedSession[]
  connections: ConnectionSummary[]
  errors: ImportError[]
  warnings: string[]
}

async function slice(file: Blob, from: number, to: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(from, to).arrayBuffer())
}

async function readAndImport(file: Blob, idPrefix: string, onProgress: (p: ImportProgress) => void): Promise<ImportResult> {
  const reading = (done: number, total: number) => onProgress({ phase: 'reading', done, total })
  const first = await slice(file, 0, SLICE)
  const whole = first.length === file.size
  const stream = importerFor(probeOf(first, whole))?.stream
  // Formats that parse in one piece anyway (JSON) get the whole file.
  if (!stream) return importFile(whole ? first : await slice(file, 0, file.size), { idPrefix, onProgress: reading })
  const importer = stream({ totalBytes: file.size, idPrefix, onProgress: reading })
  importer.push(first)
  for (let at = first.length; at < file.size; at += SLICE) importer.push(await slice(file, at, at + SLICE))
  return importer.finish()
}

/**
 * Reads and parses `file`, hands the report to `onParsed` at once (its sessions not saved yet:
 * `saveSeconds` null, keys null), then saves the sessions one by one with progress in bytes,
 * and resolves with the final report.
 */
export async function runImport(
  file: File,
  db: () => Promise<SessionDb>,
  onProgress: (p: ImportProgress) => void,
  onParsed: (report: ImportReport) => void = () => {},
): Promise<{ report: ImportReport; unsaved: Session[] }> {
  const started = performance.now()
  const result = await readAndImport(file, crypto.randomUUID(), onProgress)
  const read = performance.now()
  const { format, connections, warnings } = result
  const parsed: ImportReport = {
    fileName: file.name,
    fileSize: file.size,
    format,
    formatLabel: formatLabel(format),
    readSeconds: (read - started) / 1000,
    saveSeconds: null,
    sessions: result.sessions.map((session) => ({ info: session.info, messages: session.messages.length, key: null })),
    connections,
    errors: [...result.errors],
    warnings,
  }
  onParsed(parsed)
  const errors = [...parsed.errors]
  const unsaved: Session[] = []
  const sessions: ImportedSession[] = []
  let store: SessionDb | null = null
  try {
    if (result.sessions.length) store = await db()
  } catch (e) {
    errors.push({ message: `the sessions could not be saved: the browser's storage is not available (${messageOf(e)})`, offset: 0 })
  }
  // Each session is let go once saved: a large capture's memory peaks lower.
  const pending = result.sessions
  const total = pending.reduce((sum, session) => sum + sessionBytes(session), 0)
  let done = 0
  while (pending.length) {
    const session = pending.shift()!
    onProgress({ phase: 'saving', done, total })
    let key: string | null = null
    try {
      if (store) key = (await store.save(session)).key
    } catch (e) {
      errors.push({ message: `session "${session.info.name}" could not be saved: ${messageOf(e)}`, offset: 0 })
    }
    if (key === null) unsaved.push(session)
    sessions.push({ info: session.info, messages: session.messages.length, key })
    done += sessionBytes(session)
  }
  if (total) onProgress({ phase: 'saving', done, total })
  return { report: { ...parsed, saveSeconds: (performance.now() - read) / 1000, sessions, errors }, unsaved }
}

/** What saving a session writes, roughly: its message and frame bytes (for the progress bar). */
function sessionBytes(session: Session): number {
  let bytes = 0
  for (const m of session.messages) bytes += m.data.length
  for (const f of session.frames) bytes += f.header.length + f.payload.length
  return bytes
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
}
