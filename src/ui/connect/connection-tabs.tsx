import { useConnectionsStore } from '../state/connections-store.ts'
import { engine } from '../state/connection-engine.ts'

/** A short tab title from the URL: host and path. */
function titleOf(url: string): string {
  try {
    const u = new URL(url)
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return url || 'New connection'
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`
  } catch {
    return url || 'New connection'
  }
}

/** One tab per connection, each with its own log; + opens another side by side. */
export function ConnectionTabs() {
  const ids = useConnectionsStore((s) => s.ids)
  const { add } = useConnectionsStore.getState()
  return (
    <div className="connection-tabs">
      <div role="tablist" aria-label="Connections">
        {ids.map((id) => (
          <ConnectionTab key={id} id={id} closable={ids.length > 1} />
        ))}
      </div>
      <button type="button" className="connection-add" aria-label="New tab" title="New tab: another connection side by side" onClick={add}>
        +
      </button>
    </div>
  )
}

function ConnectionTab({ id, closable }: { id: string; closable: boolean }) {
  const url = useConnectionsStore((s) => s.byId[id].config.url)
  const readyState = useConnectionsStore((s) => s.byId[id].status.readyState)
  const selected = useConnectionsStore((s) => s.activeId === id)
  const { activate } = useConnectionsStore.getState()
  return (
    <span className={`connection-tab${selected ? ' selected' : ''}`}>
      <button type="button" role="tab" aria-selected={selected} onClick={() => activate(id)}>
        <span className={`dot ready-${readyState ?? 'none'}`} aria-hidden="true" />
        {titleOf(url)}
      </button>
      {closable && (
        <button
          type="button"
          className="connection-close"
          aria-label={`Close ${titleOf(url)}`}
          onClick={() => engine.remove(id)}
        >
          ×
        </button>
      )}
    </span>
  )
}
