import { useConnectionsStore, useTabSession } from '../connection/connections-store.ts'
import { engine } from '../connection/app-engine.ts'
import { useConnectionView } from '../connection/use-connection.ts'
import { CloseControl } from './close-control.tsx'
import { PingControl } from './ping-control.tsx'
import { AutoPongControl } from './auto-pong-control.tsx'
import { InjectControl } from './inject-control.tsx'
import './control.css'

const directAllowed = (code: number) => code === 1000 || (code >= 3000 && code <= 4999)
const anyCode = () => true

/**
 * Controls a page's WebSocket does not have. Direct, only close() with a code and reason is
 * possible; through the tap, which writes frames on the wire itself: Ping with its round
 * trip, Close with any code, auto-pong off and crafted frames.
 */
export function ControlPanel({ id }: { id: string }) {
  const open = useConnectionsStore((s) => s.byId[id].status.phase === 'open')
  const tapped = useConnectionsStore((s) => s.byId[id].status.tapped)
  const readOnly = useTabSession(id) !== null
  if (readOnly) {
    return (
      <div className="detail-panel control">
        <p className="muted">A recorded session: there is no connection to control. Open a new tab (+) to connect.</p>
      </div>
    )
  }
  if (!tapped) {
    return (
      <div className="detail-panel control">
        <h3>Close</h3>
        <CloseControl onClose={async (code, reason) => engine.close(id, code, reason)} allowed={directAllowed} disabled={!open} />
        <h3>Ping, auto-pong, crafted frames</h3>
        <p className="muted">
          A page cannot send Pings, stop the browser from answering them, or write arbitrary frames: the browser does all framing itself. Connect Through tap
          for these controls.
        </p>
      </div>
    )
  }
  return (
    <div className="detail-panel control">
      <LastResult id={id} />
      <h3>Ping</h3>
      <PingControl id={id} disabled={!open} />
      <h3>Close from the tap</h3>
      <p className="muted">The tap sends a Close frame to the server itself: any code, even those a page may not send.</p>
      <CloseControl
        onClose={async (code, reason) => {
          const outcome = await engine.tapCommand(id, { type: 'close', to: 'server', code, reason })
          return outcome.ok ? null : outcome.message
        }}
        allowed={anyCode}
        disabled={!open}
      />
      <h3>Auto-pong</h3>
      <AutoPongControl id={id} disabled={!open} />
      <h3>Inject a frame</h3>
      <InjectControl id={id} disabled={!open} />
    </div>
  )
}

function LastResult({ id }: { id: string }) {
  const result = useConnectionView(id, (v) => v.tap.lastResult)
  if (!result) return null
  return (
    <p className={`control-result ${result.ok ? 'ok' : 'error'}`} role="status">
      {result.message}
    </p>
  )
}
