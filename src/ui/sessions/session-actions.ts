/**
 * What the sessions page does with a saved session: open it in the inspector (a read-only
 * tab, then the inspector page) and download it as JSON or HAR.
 */
import type { Session } from '../../shared/session.ts'
import { useRouteStore } from '../app/route-store.ts'
import { downloadFile } from '../components/download.ts'
import { loadSavedSession, openSavedSession } from '../persistence/saved-sessions-store.ts'
import { sessionExportFile, type ExportFormat } from '../persistence/session-export.ts'
import { openSessionInInspector } from '../persistence/session-tab.ts'

export async function openInInspector(key: string): Promise<void> {
  if (await openSavedSession(key)) useRouteStore.getState().navigate('inspector')
}

/** A session the import could not save is still shown, from memory. */
export function openUnsaved(session: Session): void {
  openSessionInInspector(session)
  useRouteStore.getState().navigate('inspector')
}

export async function exportSaved(key: string, format: ExportFormat): Promise<void> {
  const session = await loadSavedSession(key)
  if (session) downloadFile(sessionExportFile(session, format))
}
