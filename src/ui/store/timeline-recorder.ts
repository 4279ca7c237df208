/**
 * What the timeline draws for one connection: the WebSocket events with the readyState after
 * each (the session model's SessionEvent), per-second message and byte rates, compression
 * over time, and bufferedAmount samples taken while sending. Pure bookkeeping; `snapshot`
 * gives immutable copies for React.
 */
import type { SessionEvent } from '../../shared/session.ts'

export interface RateBucket {
  /** Start of the second (ms since the epoch). */
  t: number
  sent: number
  received: number
  bytesSent: number
  bytesReceived: number
  /** Compressed messages only: their payload bytes on the wire and after inflating. */
  wireCompressed: number
  inflated: number
}

export interface BufferedSample {
  t: number
  bytes: number
}

export interface TimelineSnapshot {
  events: readonly SessionEvent[]
  buckets: readonly RateBucket[]
  buffered: readonly BufferedSample[]
}

/** An hour of per-second buckets; older seconds fall off the chart. */
const MAX_BUCKETS = 3600
const MAX_BUFFERED = 2000
const MAX_EVENTS = 1000

export const EMPTY_TIMELINE: TimelineSnapshot = { events: [], buckets: [], buffered: [] }

/** What happened from `from` (inclusive) to `to` (exclusive): one connection attempt's part of a tab's timeline. */
export function timelineBetween(timeline: TimelineSnapshot, from: number, to: number): TimelineSnapshot {
  const within = (t: number) => t >= from && t < to
  return {
    events: timeline.events.filter((e) => within(e.t)),
    // A second's bucket belongs to the attempt when the second overlaps it.
    buckets: timeline.buckets.filter((b) => b.t + 1000 > from && b.t < to),
    buffered: timeline.buffered.filter((b) => within(b.t)),
  }
}

export class TimelineRecorder {
  private events: SessionEvent[] = []
  private buckets: RateBucket[] = []
  private buffered: BufferedSample[] = []

  event(event: SessionEvent): void {
    this.events.push(event)
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS)
  }

  /** When the attempt a message at time t belongs to started: the last 'connecting' event up to t, or null. */
  connectedBefore(t: number): number | null {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]
      if (e.kind === 'connecting' && e.t <= t) return e.t
    }
    return null
  }

  message(t: number, fromServer: boolean, size: number, wirePayload: number | null, compressed: boolean): void {
    const bucket = this.bucketAt(t)
    if (fromServer) {
      bucket.received++
      bucket.bytesReceived += size
    } else {
      bucket.sent++
      bucket.bytesSent += size
    }
    if (compressed && wirePayload !== null) {
      bucket.wireCompressed += wirePayload
      bucket.inflated += size
    }
  }

  bufferedAmount(t: number, bytes: number): void {
    this.buffered.push({ t, bytes })
    if (this.buffered.length > MAX_BUFFERED) this.buffered.splice(0, this.buffered.length - MAX_BUFFERED)
  }

  snapshot(): TimelineSnapshot {
    // Only the last bucket still changes: the others can be shared with earlier snapshots.
    const last = this.buckets[this.buckets.length - 1]
    const buckets = last ? [...this.buckets.slice(0, -1), { ...last }] : []
    return { events: this.events.slice(), buckets, buffered: this.buffered.slice() }
  }

  /** The bucket of time t; messages arrive in time order, so it is the last one or a new one. */
  private bucketAt(t: number): RateBucket {
    const second = Math.floor(t / 1000) * 1000
    const last = this.buckets[this.buckets.length - 1]
    if (last && last.t >= second) return last
    // Seconds without messages get empty buckets, so rates fall to zero on the chart.
    for (let s = last ? Math.max(last.t + 1000, second - 60_000) : second; s <= second; s += 1000) {
      this.buckets.push({ t: s, sent: 0, received: 0, bytesSent: 0, bytesReceived: 0, wireCompressed: 0, inflated: 0 })
    }
    if (this.buckets.length > MAX_BUCKETS) this.buckets.splice(0, this.buckets.length - MAX_BUCKETS)
    return this.buckets[this.buckets.length - 1]
  }
}
