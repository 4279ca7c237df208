import { ImportPanel } from './import-panel.tsx'
import { ImportReport } from './import-report.tsx'
import { ReplayPanel } from './replay-panel.tsx'
import { SavedSessions } from './saved-sessions.tsx'
import './sessions.css'

/** Import captures and HAR files, and keep sessions: saved in this browser, reopened in the inspector. */
export function SessionsPage() {
  return (
    <section className="page sessions-page">
      <h1>Sessions</h1>
      <p className="muted page-intro">
        Import a capture someone made (Wireshark, tcpdump, a browser's HAR export) or a session exported from wsinspect. Sessions are saved in this browser and
        survive a reload; open one to read it in the inspector, with its handshake and real frames.
      </p>
      <ImportPanel />
      <ImportReport />
      <SavedSessions />
      <ReplayPanel />
    </section>
  )
}
