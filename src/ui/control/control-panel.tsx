import { useConnectionsStore } from '../state/connections-store.ts'
import { engine } from '../state/connection-engine.ts'
import { CloseControl } from './close-control.tsx'
import './control.css'

const directAllowed = (code: number) => code === 1000 || (code >= 3000 && code <= 4999)

/**
 * Controls a page's WebSocket does not have. Direct, only close() with a code and reason is
 * possible; Ping, auto-pong and crafted frames need the tap, which speaks on the wire itself.
 */
export function ControlPanel({ id }: { id: string }) {
  const open = useConnectionsStore((s) => s.byId[id].status.phase === 'open')
  return (
    <div className="detail-panel control">
      <h3>Close</h3>
      <CloseControl onClose={(code, reason) => engine.close(id, code, reason)} allowed={directAllowed} disabled={!open} />
      <h3>Ping, auto-pong, crafted frames</h3>
      <p className="muted">
        A page cannot send Pings, stop the browser from answering them, or write arbitrary frames: the browser does all framing itself. Connect Through tap for
        these controls.
      </p>
    </div>
  )
}
