import { tabTitle, useConnectionsStore } from '../connection/connections-store.ts'
import { engine } from '../connection/app-engine.ts'

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
  const title = useConnectionsStore((s) => tabTitle(s.byId[id]))
  const readyState = useConnectionsStore((s) => s.byId[id].status.readyState)
  const selected = useConnectionsStore((s) => s.activeId === id)
  const { activate } = useConnectionsStore.getState()
  return (
    <span className={`connection-tab${selected ? ' selected' : ''}`}>
      <button type="button" role="tab" aria-selected={selected} onClick={() => activate(id)}>
        <span className={`dot ready-${readyState ?? 'none'}`} aria-hidden="true" />
        {title}
      </button>
      {closable && (
        <button type="button" className="connection-close" aria-label={`Close ${title}`} onClick={() => engine.remove(id)}>
          ×
        </button>
      )}
    </span>
  )
}
