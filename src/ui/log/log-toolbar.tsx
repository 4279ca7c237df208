import { MESSAGE_TYPES } from '../state/message-store.ts'
import { engine } from '../state/connection-engine.ts'
import { connectionData } from '../state/connection-data.ts'
import { useFilterSpec, useFilterStore } from '../state/filter-store.ts'
import { isFilterActive, type Direction } from '../state/message-filter.ts'
import { useLogStore, useLogVersion, usePaused } from '../state/log-store.ts'
import { formatCount } from '../components/format.ts'
import { payloadRegistry } from '../../payload/index.ts'
import '../components/toggle-group.css'

const KINDS = ['data', 'event', 'request', 'response', 'error', 'subscribe', 'unsubscribe', 'heartbeat', 'control']

/** Filter (text or regex, direction, types), pause/resume and clear. */
export function LogToolbar({ id }: { id: string }) {
  return (
    <div className="log-toolbar">
      <FilterInputs id={id} />
      <PayloadFilter id={id} />
      <PauseButton id={id} />
      <button type="button" onClick={() => engine.clear(id)}>
        Clear
      </button>
      <FilterError id={id} />
    </div>
  )
}

function FilterInputs({ id }: { id: string }) {
  const spec = useFilterSpec(id)
  const setFilter = useFilterStore((s) => s.setFilter)
  const toggleType = (type: (typeof MESSAGE_TYPES)[number]) =>
    setFilter(id, { types: spec.types.includes(type) ? spec.types.filter((t) => t !== type) : MESSAGE_TYPES.filter((t) => t === type || spec.types.includes(t)) })
  return (
    <>
      <input type="search" aria-label="Filter messages" placeholder={spec.regex ? 'Regular expression  ( / )' : 'Filter payloads  ( / )'} title="Filter the log; / or Ctrl+F in the log comes here" value={spec.text} onChange={(e) => setFilter(id, { text: e.target.value })} />
      <label className="check">
        <input type="checkbox" checked={spec.regex} onChange={(e) => setFilter(id, { regex: e.target.checked })} />
        Regex
      </label>
      <select aria-label="Direction" value={spec.direction} onChange={(e) => setFilter(id, { direction: e.target.value as Direction })}>
        <option value="all">Both ways</option>
        <option value="sent">Sent</option>
        <option value="received">Received</option>
      </select>
      <span className="toggle-group soft log-types" role="group" aria-label="Message types">
        {MESSAGE_TYPES.map((type) => (
          <label key={type}>
            <input type="checkbox" checked={spec.types.includes(type)} onChange={() => toggleType(type)} />
            {type}
          </label>
        ))}
      </span>
    </>
  )
}

/** Filter by what payload decoding found: protocol, kind, and heartbeats hidden. */
function PayloadFilter({ id }: { id: string }) {
  const spec = useFilterSpec(id)
  const setFilter = useFilterStore((s) => s.setFilter)
  return (
    <>
      <select aria-label="Protocol" className="payload-filter" value={spec.decoder} onChange={(e) => setFilter(id, { decoder: e.target.value })}>
        <option value="">Any protocol</option>
        <option value="none">Not decoded</option>
        {payloadRegistry.ids.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
      <select aria-label="Kind" value={spec.kind} onChange={(e) => setFilter(id, { kind: e.target.value })}>
        <option value="">Any kind</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={spec.hideHeartbeats} onChange={(e) => setFilter(id, { hideHeartbeats: e.target.checked })} />
        Hide heartbeats
      </label>
    </>
  )
}

function PauseButton({ id }: { id: string }) {
  const paused = usePaused(id)
  const { pause, resume } = useLogStore.getState()
  return (
    <button type="button" aria-pressed={paused} onClick={() => (paused ? resume(id) : pause(id))}>
      {paused ? 'Resume' : 'Pause'}
    </button>
  )
}

/** How many rows the log shows, of how many messages, and whether a scan or a pause holds some back. */
export function LogCount({ id }: { id: string }) {
  useLogVersion(id)
  const pausedAt = useLogStore((s) => s.pausedAt[id])
  const spec = useFilterSpec(id)
  const scanning = useFilterStore((s) => s.scanning[id] ?? false)
  const { messages, scan } = connectionData(id)
  const shown = scan.count(pausedAt ?? Infinity)
  const noun = messages.length === 1 ? 'message' : 'messages'
  const parts = [isFilterActive(spec) ? `${formatCount(shown)} of ${formatCount(messages.length)} ${noun}` : `${formatCount(shown)} ${noun}`]
  if (scanning) parts.push(`filtering… ${Math.floor((scan.scanned / Math.max(1, messages.length)) * 100)} %`)
  if (pausedAt !== undefined && messages.length > pausedAt) parts.push(`paused, ${formatCount(messages.length - pausedAt)} more waiting`)
  return (
    <span className="log-count muted" role="status">
      {parts.join(' · ')}
    </span>
  )
}

function FilterError({ id }: { id: string }) {
  const error = useFilterStore((s) => s.errors[id])
  if (!error) return null
  return (
    <p className="filter-error error" role="alert">
      Invalid regular expression: {error}
    </p>
  )
}
