import { MESSAGE_TYPES } from '../store/message-store.ts'
import { engine } from '../connection/connection-engine.ts'
import { connectionData } from '../connection/connection-data.ts'
import { useFilterSpec, useFilterStore } from '../connection/filter-store.ts'
import { isFilterActive, type Direction } from '../store/message-filter.ts'
import { useLogStore, useLogVersion, usePaused } from '../connection/log-store.ts'
import { formatCount } from '../components/format.ts'
import '../components/toggle-group.css'

/** Filter (text or regex, direction, types), pause/resume and clear. */
export function LogToolbar({ id }: { id: string }) {
  return (
    <div className="log-toolbar">
      <FilterInputs id={id} />
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
      <input type="search" aria-label="Filter messages" placeholder={spec.regex ? 'Regular expression' : 'Filter payloads'} value={spec.text} onChange={(e) => setFilter(id, { text: e.target.value })} />
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
