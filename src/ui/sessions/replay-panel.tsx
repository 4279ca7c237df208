import { useEffect, useMemo, useRef, useState } from 'react'
import { compareReplay, messageLine } from '../../shared/replay-run.ts'
import { useRouteStore } from '../app/route-store.ts'
import { DiffView } from '../components/diff-view.tsx'
import { SegmentedControl } from '../components/segmented-control.tsx'
import { defaultUrl, useConnectionsStore, type Mode } from '../connection/connections-store.ts'
import { replayDiffTexts, replaySummary } from './replay-report.ts'
import { closeReplay, startReplay, stopReplay, useReplayStore } from './replay-store.ts'

const MODES = [
  { value: 'direct', label: 'Direct' },
  { value: 'tap', label: 'Through tap' },
] as const

const TIMINGS = [
  { value: '1', label: 'As recorded' },
  { value: '2', label: '2× faster' },
  { value: '10', label: '10× faster' },
  { value: '0.5', label: '2× slower' },
  { value: 'max', label: 'As fast as possible' },
]

/** How many differing steps the list names (the diff shows them all). */
const LISTED = 50

/** The replay of a saved session: where to, how fast, then the new answers beside the recorded ones. */
export function ReplayPanel() {
  const key = useReplayStore((s) => s.key)
  return key ? <ReplayView key={key} /> : null
}

function ReplayView() {
  const info = useReplayStore((s) => s.info)!
  const phase = useReplayStore((s) => s.phase)
  const error = useReplayStore((s) => s.error)
  const tabId = useReplayStore((s) => s.tabId)
  const [target, setTarget] = useState(info.url || defaultUrl())
  const [mode, setMode] = useState<Mode>('direct')
  const [timing, setTiming] = useState('1')
  const section = useRef<HTMLElement>(null)
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'nearest' })
  }, [])
  const busy = phase === 'connecting' || phase === 'running'
  const showTab = () => {
    if (!tabId || !useConnectionsStore.getState().byId[tabId]) return
    useConnectionsStore.getState().activate(tabId)
    useRouteStore.getState().navigate('inspector')
  }
  return (
    <section ref={section} className="replay-panel" aria-label={`Replay ${info.name}`}>
      <div className="replay-head">
        <h2>Replay {info.name}</h2>
        <button type="button" className="small" onClick={closeReplay}>
          Close
        </button>
      </div>
      <p className="muted">
        Sends the session's client messages again, on a new connection, and compares what the server answers now with what it answered then (the same comparison
        as <code>wsinspect replay</code>).
      </p>
      <form
        className="replay-form"
        onSubmit={(e) => {
          e.preventDefault()
          void startReplay({ target, mode, speed: timing === 'max' ? Infinity : Number(timing) })
        }}
      >
        <label>
          Target URL <input className="mono" value={target} onChange={(e) => setTarget(e.target.value)} disabled={busy} spellCheck={false} />
        </label>
        <SegmentedControl label="Connect" options={MODES} value={mode} onChange={setMode} />
        <label>
          Timing{' '}
          <select value={timing} onChange={(e) => setTiming(e.target.value)} disabled={busy}>
            {TIMINGS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {busy ? (
          <button type="button" onClick={stopReplay}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary">
            Start replay
          </button>
        )}
        {tabId && (
          <button type="button" onClick={showTab}>
            Show its connection
          </button>
        )}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ReplayProgress />
      <ReplayResult />
    </section>
  )
}

function ReplayProgress() {
  const phase = useReplayStore((s) => s.phase)
  const sent = useReplayStore((s) => s.sent)
  const steps = useReplayStore((s) => s.plan?.steps.length ?? 0)
  const text = phase === 'connecting' ? 'Connecting…' : phase === 'running' ? `Sent ${sent} of ${steps}…` : ''
  // The finished result's summary is its own status line.
  return phase === 'done' ? null : (
    <p className="muted" role="status">
      {text}
    </p>
  )
}

function ReplayResult() {
  const plan = useReplayStore((s) => s.plan)
  const outcome = useReplayStore((s) => s.outcome)
  const steps = useMemo(() => (plan && outcome ? compareReplay(plan, outcome.answers) : null), [plan, outcome])
  const texts = useMemo(() => steps && replayDiffTexts(steps), [steps])
  if (!steps || !texts || !outcome) return null
  const differing = steps.map((s, i) => ({ s, i })).filter(({ s }) => !s.same)
  return (
    <>
      <p role="status" className={differing.length ? 'replay-summary differs' : 'replay-summary'}>
        {replaySummary(steps, outcome.closedEarly, outcome.stopped)}
      </p>
      {differing.length > 0 && (
        <ul className="replay-differing" aria-label="Messages answered differently">
          {differing.slice(0, LISTED).map(({ s, i }) => (
            <li key={i}>
              #{i + 1} <span className="mono">{messageLine(s.sent, 120, 32)}</span>:{' '}
              {s.received === null ? 'not sent' : `${s.recorded.length} recorded, ${s.received.length} now`}
            </li>
          ))}
          {differing.length > LISTED && <li className="muted">and {differing.length - LISTED} more (in the comparison below)</li>}
        </ul>
      )}
      <DiffView ariaLabel="Recorded and new answers" original={texts.recorded} modified={texts.now} originalLabel="Recorded" modifiedLabel="Now" height={360} />
    </>
  )
}
