/**
 * The sessions page's import worker: parses a dropped or picked file off the main thread, posts
 * the report as soon as parsing ends, then saves the sessions (import-job.ts), posting progress
 * at most once per MiB read and once per session saved. Cancelling
 * is terminating the worker. Sessions that could not be saved come back with their byte
 * arrays transferred, not copied.
 */
import type { Session } from '../../shared/session.ts'
import { sessionDb } from '../persistence/session-db.ts'
import { runImport, type ImportProgress, type ImportReport } from './import-job.ts'

export type ImportAnswer =
  | { kind: 'progress'; progress: ImportProgress }
  /** Parsing ended: the report is shown while the sessions are saved. */
  | { kind: 'parsed'; report: ImportReport }
  | { kind: 'done'; report: ImportReport; unsaved: Session[] }
  | { kind: 'failed'; message: string }

self.onmessage = async (event: MessageEvent<File>) => {
  try {
    const { report, unsaved } = await runImport(
      event.data,
      sessionDb,
      (progress) => post({ kind: 'progress', progress }),
      (parsed) => post({ kind: 'parsed', report: parsed }),
    )
    post({ kind: 'done', report, unsaved }, buffersOf(unsaved))
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) })
  }
}

/** Each distinct buffer once: listing one twice makes postMessage throw. */
function buffersOf(sessions: Session[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const s of sessions) {
    for (const m of s.messages) buffers.add(m.data.buffer as ArrayBuffer)
    for (const f of s.frames) buffers.add(f.header.buffer as ArrayBuffer).add(f.payload.buffer as ArrayBuffer)
  }
  return [...buffers]
}

function post(answer: ImportAnswer, transfer: Transferable[] = []): void {
  self.postMessage(answer, { transfer })
}
