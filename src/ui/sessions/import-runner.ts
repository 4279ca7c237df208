/**
 * Starts and cancels imports: one worker per file, terminated when another file is picked or
 * the user cancels. The saved-sessions list is read again once the worker has saved.
 */
import { refreshSavedSessions } from '../persistence/saved-sessions-store.ts'
import type { ImportAnswer } from './import.worker.ts'
import { useImportStore } from './import-store.ts'

let worker: Worker | null = null

export function startImport(file: File): void {
  cancelImport()
  const current = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' })
  worker = current
  useImportStore.setState({
    status: 'running',
    fileName: file.name,
    progress: { phase: 'reading', done: 0, total: file.size },
    report: null,
    unsaved: [],
    failure: null,
  })
  current.onmessage = (event: MessageEvent<ImportAnswer>) => {
    const answer = event.data
    if (answer.kind === 'progress') return useImportStore.setState({ progress: answer.progress })
    if (answer.kind === 'parsed') return useImportStore.setState({ report: answer.report })
    stop()
    if (answer.kind === 'done') useImportStore.setState({ status: 'done', progress: null, report: answer.report, unsaved: answer.unsaved })
    else useImportStore.setState({ status: 'done', progress: null, failure: `The import failed: ${answer.message}` })
    void refreshSavedSessions()
  }
  current.onerror = (event) => {
    event.preventDefault()
    stop()
    useImportStore.setState({ status: 'done', progress: null, failure: `The import worker failed: ${event.message || 'unknown error (out of memory?)'}` })
  }
  current.postMessage(file)
}

export function cancelImport(): void {
  if (!worker) return
  stop()
  // A report whose sessions were still being saved goes too: its Open buttons would lead nowhere.
  const { report } = useImportStore.getState()
  useImportStore.setState({ status: 'idle', progress: null, report: report?.saveSeconds === null ? null : report })
  // Sessions saved before the cancel stay saved.
  void refreshSavedSessions()
}

function stop(): void {
  worker?.terminate()
  worker = null
}
