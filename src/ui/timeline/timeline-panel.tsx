import { useState } from 'react'
import { AttemptPicker } from '../components/attempt-picker.tsx'
import { useConnectionView, useShownAttempt, useTimeline } from '../connection/use-connection.ts'
import { formatBytes, formatCount } from '../components/format.ts'
import { timelineBetween, type RateBucket, type TimelineSnapshot } from '../store/timeline-recorder.ts'
import { EventTable } from './event-table.tsx'
import { LineChart, type Series } from './line-chart.tsx'
import { ReadyStateBand } from './ready-state-band.tsx'
import './timeline.css'

const series = (buckets: readonly RateBucket[], value: (b: RateBucket) => number | null) =>
  buckets.flatMap((b) => {
    const v = value(b)
    return v === null ? [] : [[b.t + 500, v] as const]
  })

/** A sent and a received series, in the direction colours of the log. */
const bothWays = (buckets: readonly RateBucket[], sent: (b: RateBucket) => number, received: (b: RateBucket) => number): Series[] => [
  { label: 'sent', color: 'var(--sent)', points: series(buckets, sent) },
  { label: 'received', color: 'var(--received)', points: series(buckets, received) },
]

/**
 * The connection attempt over time (the current one, an earlier one the user picks, or all of
 * the tab's): readyState with its events, message and byte rates per second, the compression
 * ratio (when the tap measures it), and bufferedAmount while sending.
 */
export function TimelinePanel({ id }: { id: string }) {
  const timeline = useTimeline(id)
  const attempt = useShownAttempt(id)
  const next = useConnectionView(id, (v) => v.attempts.find((a) => attempt !== null && a.number === attempt.number + 1)?.t ?? Infinity)
  const several = useConnectionView(id, (v) => v.attempts.length > 1)
  const [all, setAll] = useState(false)
  const shown = all || !attempt || !several ? timeline : timelineBetween(timeline, attempt.t, next)
  return (
    <div className="detail-panel timeline">
      {several && (
        <div className="timeline-attempts">
          {!all && <AttemptPicker id={id} />}
          <label>
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All attempts
          </label>
        </div>
      )}
      <TimelineCharts timeline={shown} />
    </div>
  )
}

function TimelineCharts({ timeline: { events, buckets, buffered } }: { timeline: TimelineSnapshot }) {
  const times = [...events.map((e) => e.t), ...(buckets.length ? [buckets[0].t, buckets[buckets.length - 1].t + 1000] : []), ...buffered.map((b) => b.t)]
  const from = Math.min(...times)
  const to = Math.max(...times, from + 1000)
  const compressed = buckets.some((b) => b.wireCompressed > 0)
  return (
    <>
      <ReadyStateBand events={events} from={from} to={to} />
      <LineChart
        title="Messages/s"
        from={from}
        to={to}
        format={formatCount}
        series={bothWays(
          buckets,
          (b) => b.sent,
          (b) => b.received,
        )}
      />
      <LineChart
        title="Bytes/s"
        from={from}
        to={to}
        format={formatBytes}
        series={bothWays(
          buckets,
          (b) => b.bytesSent,
          (b) => b.bytesReceived,
        )}
      />
      {compressed && (
        <LineChart
          title="Compression ratio"
          from={from}
          to={to}
          format={(v) => `${v.toFixed(1)}×`}
          series={[
            { label: 'inflated / wire', color: 'var(--ok)', points: series(buckets, (b) => (b.wireCompressed > 0 ? b.inflated / b.wireCompressed : null)) },
          ]}
        />
      )}
      <LineChart
        title="bufferedAmount (while sending)"
        from={from}
        to={to}
        format={formatBytes}
        series={[{ label: 'queued', color: 'var(--warn)', points: buffered.map((b) => [b.t, b.bytes] as const) }]}
      />
      <h3>Events</h3>
      <EventTable events={events} />
    </>
  )
}
