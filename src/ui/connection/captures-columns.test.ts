import { describe, expect, it } from 'vitest'
import type { FeedMessage, FeedRecord } from '../../shared/capture-batch.ts'
import { feedMessage } from '../../shared/testing/feed-message.ts'
import { forEachRun, fromColumns, hasMessage, othersOf, runOf, toColumns, type EventRun } from './captures-columns.ts'
import type { OtherEvent } from './captures-protocol.ts'

const message = (captureId: string, index: number, text: string): FeedMessage =>
  feedMessage(new TextEncoder().encode(text), { captureId, t: 100 + index, sender: index % 2 ? 'server' : 'client', index, compressed: index % 3 === 0 })

/** The runs of a batch as [capture id, the events of the run], answers taken out. */
function runs(records: (FeedRecord | OtherEvent)[]): [string | null, unknown[]][] {
  const out: [string | null, unknown[]][] = []
  const run = (r: EventRun) => fromColumns(r.columns).slice(r.from, r.to)
  forEachRun(
    toColumns(records).columns,
    (e) => e.type === 'command-result',
    (id, r) => {
      // A run's other events are the ones at its place in `others`.
      expect(othersOf(r)).toEqual(run(r).filter((e) => e.type !== 'message' && e.type !== 'frame'))
      out.push([id, run(r).map((e) => ('index' in e && e.type === 'message' ? `${e.captureId}#${e.index}` : e.type))])
    },
  )
  return out
}

describe('captures columns', () => {
  it('round trip: the main thread reads back every event the worker put in', () => {
    const records: FeedRecord[] = [message('a', 0, 'hi'), { type: 'dropped', t: 1, count: 2 }, { ...message('b', 1, 'bye'), closeReason: 'x' }]
    expect(fromColumns(toColumns(records).columns)).toEqual(records)
  })

  it('hands each capture its runs in order; a notice about no capture goes alone; an answer belongs to no run', () => {
    const started = { type: 'capture-started', captureId: 'b', t: 1, mode: 'tap', target: 'ws://x/', client: '' } as const
    const answer = { type: 'command-result', commandId: 'cmd1', ok: true, message: 'done', queued: false } as OtherEvent
    expect(
      runs([
        message('a', 0, 'x'),
        message('a', 1, 'y'),
        started,
        message('b', 2, 'z'),
        answer,
        message('b', 3, 'w'),
        { type: 'dropped', t: 2, count: 1 },
        message('b', 4, 'v'),
      ]),
    ).toEqual([
      ['a', ['a#0', 'a#1']],
      ['b', ['capture-started', 'b#2']],
      ['b', ['b#3']],
      [null, ['dropped']],
      ['b', ['b#4']],
    ])
  })

  it('tells whether a run holds a message', () => {
    expect(hasMessage(runOf([{ type: 'feed-lost', reason: 'gone' }]))).toBe(false)
    expect(hasMessage(runOf([message('a', 0, 'x')]))).toBe(true)
  })
})
