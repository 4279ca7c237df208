import { MESSAGE_TYPES } from '../store/message-store.ts'
import { engine } from '../connection/app-engine.ts'
import { connections } from '../connection/connections.ts'
import { useConnectionView, useFilterSpec, useLog } from '../connection/use-connection.ts'
import { isFilterActive, type FilterDirection, type FilterSpec } from '../store/message-filter.ts'
import { formatCount } from '../components/format.ts'
import { payloadRegistry } from '../../payload/index.ts'
import { ColumnChooser } from './column-chooser.tsx'
import { MatchSteps, stepMatch } from './match-steps.tsx'
import { PinSteps } from './pin-controls.tsx'
import '../components/toggle-group.css'

const KINDS = ['data', 'event', 'request', 'response', 'error', 'subscribe', 'unsubscribe', 'heartbeat', 'control']

/** Changes the tab's filter spec (a closed tab has none to change). */
const filterSetter = (id: string) => (patch: Partial<FilterSpec>) => connections.get(id)?.setFilter(patch)

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
      <ColumnChooser id={id} />
      <PinSteps id={id} />
      <FilterError id={id} />
    </div>
  )
}

function FilterInputs({ id }: { id: string }) {
  const spec = useFilterSpec(id)
  const setFilter = filterSetter(id)
  const toggleType = (type: (typeof MESSAGE_TYPES)[number]) =>
    setFilter({ types: spec.types.includes(type) ? spec.types.filter((t) => t !== type) : MESSAGE_TYPES.filter((t) => t === type || spec.types.includes(t)) })
  return (
    <>
      <input
        type="search"
        aria-label="Filter messages"
        placeholder={spec.regex ? 'Regular expression  ( / )' : 'Filter payloads  ( / )'}
        title="Filter the log; / or Ctrl+F in the log comes here; Enter, Shift+Enter: next, previous match"
        value={spec.text}
        onChange={(e) => setFilter({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return
          e.preventDefault()
          stepMatch(id, e.shiftKey ? -1 : 1)
        }}
      />
      <MatchSteps id={id} />
      <label className="check">
        <input type="checkbox" checked={spec.regex} onChange={(e) => setFilter({ regex: e.target.checked })} />
        Regex
      </label>
      <select aria-label="Direction" value={spec.direction} onChange={(e) => setFilter({ direction: e.target.value as FilterDirection })}>
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
  const setFilter = filterSetter(id)
  return (
    <>
      <select aria-label="Protocol" className="payload-filter" value={spec.decoder} onChange={(e) => setFilter({ decoder: e.target.value })}>
        <option value="">Any protocol</option>
        <option value="none">Not decoded</option>
        {payloadRegistry.ids.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
      <select aria-label="Kind" value={spec.kind} onChange={(e) => setFilter({ kind: e.target.value })}>
        <option value="">Any kind</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={spec.hideHeartbeats} onChange={(e) => setFilter({ hideHeartbeats: e.target.checked })} />
        Hide heartbeats
      </label>
    </>
  )
}

function PauseButton({ id }: { id: string }) {
  const paused = useConnectionView(id, (v) => v.log.pausedAt !== null)
  const connection = connections.get(id)
  return (
    <button type="button" aria-pressed={paused} onClick={() => (paused ? connection?.resume() : connection?.pause())}>
      {paused ? 'Resume' : 'Pause'}
    </button>
  )
}

/** How many rows the log shows, of how many messages, and whether a scan or a pause holds some back. */
export function LogCount({ id }: { id: string }) {
  const { rows: shown, length, scanned, pausedAt } = useLog(id)
  const spec = useFilterSpec(id)
  const scanning = useConnectionView(id, (v) => v.scanning)
  const noun = length === 1 ? 'message' : 'messages'
  const parts = [isFilterActive(spec) ? `${formatCount(shown)} of ${formatCount(length)} ${noun}` : `${formatCount(shown)} ${noun}`]
  if (scanning) parts.push(`filtering… ${Math.floor((scanned / Math.max(1, length)) * 100)} %`)
  if (pausedAt !== null && length > pausedAt) parts.push(`paused, ${formatCount(length - pausedAt)} more waiting`)
  return (
    <span className="log-count muted" role="status">
      {parts.join(' · ')}
    </span>
  )
}

function FilterError({ id }: { id: string }) {
  const error = useConnectionView(id, (v) => v.filterError)
  const stopped = useConnectionView(id, (v) => v.filterStopped)
  if (!error && !stopped) return null
  return (
    <p className="filter-error error" role="alert">
      {error ? `Invalid regular expression: ${error}` : `Regular expression stopped: ${stopped}`}
    </p>
  )
}
