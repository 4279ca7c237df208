import type { SessionEvent } from '../../shared/session.ts'
import { formatClock } from '../components/format.ts'

const NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']

interface Span {
  state: number
  from: number
  to: number
}

/** readyState as coloured spans between the events that changed it. */
export function spansOf(events: readonly SessionEvent[], end: number): Span[] {
  const spans: Span[] = []
  for (const e of events) {
    if (e.readyState === null) continue
    const last = spans[spans.length - 1]
    if (last?.state === e.readyState) continue
    if (last) last.to = e.t
    spans.push({ state: e.readyState, from: e.t, to: end })
  }
  return spans
}

/** The readyState band, with the open, error and close events marked on it. */
export function ReadyStateBand({ events, from, to }: { events: readonly SessionEvent[]; from: number; to: number }) {
  const pct = (t: number) => `${((t - from) / Math.max(1, to - from)) * 100}%`
  const spans = spansOf(events, to)
  const marks = events.filter((e) => e.kind === 'open' || e.kind === 'error' || e.kind === 'closed')
  return (
    <figure className="ready-band">
      <figcaption>readyState</figcaption>
      <div className="band" role="img" aria-label={spans.map((s) => `${NAMES[s.state]} from ${formatClock(s.from)}`).join(', ') || 'no connection yet'}>
        {spans.map((s, i) => (
          <span
            key={i}
            className={`span ready-${s.state}`}
            style={{ left: pct(s.from), width: `calc(${pct(s.to)} - ${pct(s.from)})` }}
            title={`${NAMES[s.state]} (${s.state}) from ${formatClock(s.from)}`}
          >
            {NAMES[s.state]}
          </span>
        ))}
        {marks.map((e, i) => (
          <span key={`m${i}`} className={`mark mark-${e.kind}`} style={{ left: pct(e.t) }} title={`${e.kind} at ${formatClock(e.t)}: ${e.detail}`} />
        ))}
      </div>
    </figure>
  )
}
