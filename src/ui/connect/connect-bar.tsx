import { useConnectionsStore, type Mode } from '../connection/connections-store.ts'
import { engine } from '../connection/app-engine.ts'
import { ConnectionStatusLine } from './connection-status.tsx'
import '../components/toggle-group.css'
import './connect.css'

/** The connection form: URL, subprotocols, mode, tap headers and certificate check, auto-reconnect, Connect/Disconnect. */
export function ConnectBar({ id }: { id: string }) {
  const config = useConnectionsStore((s) => s.byId[id].config)
  const phase = useConnectionsStore((s) => s.byId[id].status.phase)
  const configure = useConnectionsStore((s) => s.configure)
  const active = phase === 'connecting' || phase === 'open' || phase === 'closing' || phase === 'waiting'
  return (
    <div className="connect">
      <form
        className="connect-bar"
        onSubmit={(e) => {
          e.preventDefault()
          if (active) engine.disconnect(id)
          else engine.connect(id)
        }}
      >
        <label className="connect-url">
          URL
          <input value={config.url} spellCheck={false} onChange={(e) => configure(id, { url: e.target.value })} />
        </label>
        <label className="connect-protocols">
          Subprotocols
          <input value={config.protocols} placeholder="none" spellCheck={false} onChange={(e) => configure(id, { protocols: e.target.value })} />
        </label>
        <fieldset className="toggle-group">
          <legend className="visually-hidden">Mode</legend>
          {(['direct', 'tap'] as Mode[]).map((mode) => (
            <label
              key={mode}
              title={
                mode === 'direct'
                  ? "The browser's own WebSocket, straight to the target"
                  : 'Through the companion server’s wire tap: real frames, custom headers, upstream errors explained'
              }
            >
              <input type="radio" name={`mode-${id}`} checked={config.mode === mode} onChange={() => configure(id, { mode })} />
              {mode === 'direct' ? 'Direct' : 'Through tap'}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={config.autoReconnect} onChange={(e) => configure(id, { autoReconnect: e.target.checked })} />
          Auto-reconnect
        </label>
        <button type="submit" className={active ? '' : 'primary'}>
          {active ? 'Disconnect' : 'Connect'}
        </button>
      </form>
      {config.mode === 'tap' && (
        <div className="connect-tap">
          <label className="connect-headers">
            Headers
            <textarea
              rows={1}
              value={config.headers}
              spellCheck={false}
              placeholder="Authorization: Bearer …   (one header per line: Cookie, Origin…)"
              onChange={(e) => configure(id, { headers: e.target.value })}
            />
          </label>
          <label className="check" title="For wss:// targets: the tap skips the certificate check, for a development server with a self-signed certificate">
            <input type="checkbox" checked={config.insecure} onChange={(e) => configure(id, { insecure: e.target.checked })} />
            Accept any certificate
          </label>
          <label
            className="check"
            title="Show Authorization, Cookie, Set-Cookie and token-like URL parameters in the captured handshake instead of [redacted] (they are always sent to the target)"
          >
            <input type="checkbox" checked={config.showSecrets === true} onChange={(e) => configure(id, { showSecrets: e.target.checked })} />
            Show secrets
          </label>
        </div>
      )}
      <ConnectionStatusLine id={id} />
    </div>
  )
}
