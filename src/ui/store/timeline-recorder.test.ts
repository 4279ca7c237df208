import { describe, expect, it } from 'vitest'
import { timelineBetween, TimelineRecorder } from './timeline-recorder.ts'

describe('TimelineRecorder', () => {
  it('counts messages and bytes per second, with empty seconds in between', () => {
    const r = new TimelineRecorder()
    r.message(10_000, false, 5, 7, false)
    r.message(10_900, true, 100, 20, true)
    r.message(13_100, true, 50, null, true)
    const { buckets } = r.snapshot()
    expect(buckets.map((b) => [b.t, b.sent, b.received, b.bytesSent, b.bytesReceived])).toEqual([
      [10_000, 1, 1, 5, 100],
      [11_000, 0, 0, 0, 0],
      [12_000, 0, 0, 0, 0],
      [13_000, 0, 1, 0, 50],
    ])
    // Only compressed messages with a known wire size count towards the ratio.
    expect([buckets[0].wireCompressed, buckets[0].inflated, buckets[3].inflated]).toEqual([20, 100, 0])
  })

  it('gives snapshots that later messages do not change', () => {
    const r = new TimelineRecorder()
    r.message(1000, true, 1, null, false)
    const before = r.snapshot()
    r.message(1500, true, 1, null, false)
    r.event({ t: 1600, kind: 'open', readyState: 1, detail: '', closeCode: null, wasClean: null })
    expect(before.buckets[0].received).toBe(1)
    expect(before.events).toHaveLength(0)
    expect(r.snapshot().buckets[0].received).toBe(2)
  })
})

describe('TimelineRecorder.connectedBefore', () => {
  it('gives the start of the attempt a message belongs to', () => {
    const r = new TimelineRecorder()
    const at = (t: number, kind: 'connecting' | 'open' | 'closed') => r.event({ t, kind, readyState: null, detail: '', closeCode: null, wasClean: null })
    at(100, 'connecting')
    at(120, 'open')
    at(500, 'closed')
    at(900, 'connecting')
    expect([r.connectedBefore(50), r.connectedBefore(130), r.connectedBefore(950)]).toEqual([null, 100, 900])
  })
})

describe('timelineBetween', () => {
  it("keeps one attempt's events, seconds and samples", () => {
    const r = new TimelineRecorder()
    const at = (t: number, kind: 'connecting' | 'closed') => r.event({ t, kind, readyState: null, detail: '', closeCode: null, wasClean: null })
    at(1000, 'connecting')
    r.message(1200, true, 1, null, false)
    at(2500, 'closed')
    at(3000, 'connecting')
    r.message(3100, true, 2, null, false)
    r.bufferedAmount(3200, 10)
    const second = timelineBetween(r.snapshot(), 3000, Infinity)
    expect(second.events.map((e) => e.t)).toEqual([3000])
    expect(second.buckets.map((b) => [b.t, b.received])).toEqual([[3000, 1]])
    expect(second.buffered).toEqual([{ t: 3200, bytes: 10 }])
    const first = timelineBetween(r.snapshot(), 1000, 3000)
    expect(first.events.map((e) => e.kind)).toEqual(['connecting', 'closed'])
    expect(first.buckets.map((b) => b.t)).toEqual([1000, 2000])
  })
})
