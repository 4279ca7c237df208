/** The import on the sessions page: its progress, then its report. */
import { create } from 'zustand'
import type { Session } from '../../shared/session.ts'
import type { ImportProgress, ImportReport } from './import-job.ts'

interface ImportState {
  status: 'idle' | 'running' | 'done'
  fileName: string
  progress: ImportProgress | null
  report: ImportReport | null
  /** Sessions that could not be saved, still openable in the inspector. */
  unsaved: Session[]
  /** The worker itself failed (a bug, or out of memory), as opposed to the file being bad. */
  failure: string | null
}

export const useImportStore = create<ImportState>()(() => ({ status: 'idle', fileName: '', progress: null, report: null, unsaved: [], failure: null }))
