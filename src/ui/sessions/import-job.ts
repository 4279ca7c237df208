/**
 * One file import, as the import worker runs it: reads the file in slices (a capture is fed
 * to the CaptureImporter slice by slice, so a 100 MB pcap is never one more 100 MB copy),
 * reports progress, and saves every session to IndexedDB itself, so only a small report goes
 * back to the page. A session that cannot be saved goes back whole, to be opened unsaved.
 */
import { formatLabel, importerFor, importFile, probeOf, type ConnectionSummary, type ImportError, type ImportFormat, type ImportResult } from '../../importers/index.ts'
import type { Session, SessionInfo } from '../../shared/session.ts'
import type { SessionDb } from '../persistence/session-db.ts'

/** Bytes read from the file at a time. */
const SLICE = 4 * 1024 * 1024

export interface ImportProgress {
  phase: 'reading' | 'saving'
  done: number
  total: number
}

export interface ImportedSession {
  info: SessionInfo
  messages: number
  /** Its key in the saved sessions; null when it could not be saved. */
  key: string | null
}

export interface ImportReport {
  fileName: string
  fileSize: number
  format: ImportFormat
  /** The format in words ('pcap capture'), from the importer that read it. */
  formatLabel: string
  /** Reading and parsing the file, then saving its sessions. */
  readSeconds: number
  saveSeconds: number
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

export async function runImport(
  file: File,
  db: () => Promise<SessionDb>,
  onProgress: (p: ImportProgress) => void,
): Promise<{ report: ImportReport; unsaved: Session[] }> {
  const started = performance.now()
  const result = await readAndImport(file, crypto.randomUUID(), onProgress)
  const read = performance.now()
  const errors = [...result.errors]
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
  const total = pending.length
  for (let i = 0; i < total; i++) {
    const session = pending.shift()!
    onProgress({ phase: 'saving', done: i, total })
    let key: string | null = null
    try {
      if (store) key = (await store.save(session)).key
    } catch (e) {
      errors.push({ message: `session "${session.info.name}" could not be saved: ${messageOf(e)}`, offset: 0 })
    }
    if (key === null) unsaved.push(session)
    sessions.push({ info: session.info, messages: session.messages.length, key })
  }
  const { format, connections, warnings } = result
  const seconds = { readSeconds: (read - started) / 1000, saveSeconds: (performance.now() - read) / 1000 }
  return { report: { fileName: file.name, fileSize: file.size, format, formatLabel: formatLabel(format), ...seconds, sessions, connections, errors, warnings }, unsaved }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
}
