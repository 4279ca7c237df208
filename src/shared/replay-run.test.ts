import { describe, expect, it } from 'vitest'
import { replayPlan } from './replay-plan.ts'
import { compareReplay, messageLine, ReplayRun, type ReplayMessage } from './replay-run.ts'
import { recordedSession } from './testing/recorded-session.ts'

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (m: ReplayMessage) => new TextDecoder().decode(m.data)
/** Recorded: a greeting, then "a" → "A", "b" → "B" and "B2", "c" → nothing. */
const plan = replayPlan(
  recordedSession([
    [0, 'server', 'hi'],
    [10, 'client', 'a'],
    [11, 'server', 'A'],
    [40, 'client', 'b'],
    [41, 'server', 'B'],
    [42, 'server', 'B2'],
    [50, 'client', 'c'],
  ]),
)

/** A server that answers each message after `delayMs` with what `answer` returns. */
function serve(answer: (m: string) => string[], delayMs = 1) {
  const sent: string[] = []
  setTimeout(() => run.received({ type: 'text', data: enc('hi') }), delayMs)
  const run: ReplayRun = new ReplayRun(plan, (m) => {
    sent.push(dec(m))
    setTimeout(() => answer(dec(m)).forEach((a) => run.received({ type: 'text', data: enc(a) })), delayMs)
  })
  return { run, sent }
}

describe('ReplayRun', () => {
  it('sends every client message and files each answer under the message it answers', async () => {
    const { run, sent } = serve((m) => (m === 'b' ? ['B', 'B2'] : m === 'a' ? ['A'] : []))
    const outcome = await run.run({ speed: Infinity, waitMs: 200 })
    expect(sent).toEqual(['a', 'b', 'c'])
    expect(outcome.greeting.map(dec)).toEqual(['hi'])
    expect(outcome.answers.map((a) => a.map(dec))).toEqual([['A'], ['B', 'B2'], []])
    expect(compareReplay(plan, outcome.answers).map((s) => s.same)).toEqual([true, true, true])
  })

  it('waits for a slow answer before the next message, so it is not filed under the wrong one', async () => {
    const { run } = serve((m) => (m === 'b' ? ['B', 'B2'] : m === 'a' ? ['A'] : []), 30)
    const outcome = await run.run({ speed: Infinity, waitMs: 2000 })
    expect(outcome.greeting.map(dec)).toEqual(['hi'])
    expect(outcome.answers.map((a) => a.map(dec))).toEqual([['A'], ['B', 'B2'], []])
  })

  it('keeps the recorded pauses, scaled', async () => {
    const { run } = serve((m) => (m === 'b' ? ['B', 'B2'] : m === 'a' ? ['A'] : []))
    const started = Date.now()
    await run.run({ speed: 1, waitMs: 200 })
    // Pauses of 30 and 10 ms as recorded.
    expect(Date.now() - started).toBeGreaterThanOrEqual(35)
  })

  it('ends early when the server closes, and marks the steps never sent', async () => {
    const { run } = serve((m) => {
      if (m === 'a') setTimeout(() => run.closed('1011 overloaded'), 5)
      return []
    })
    const outcome = await run.run({ speed: Infinity, waitMs: 100 })
    expect(outcome.closedEarly).toBe('1011 overloaded')
    const steps = compareReplay(plan, outcome.answers)
    expect(steps.map((s) => s.received && s.received.map(dec))).toEqual([[], null, null])
  })

  it('stops when asked', async () => {
    const { run, sent } = serve(() => [])
    const done = run.run({ speed: 0.001, waitMs: 100 })
    setTimeout(() => run.stop(), 20)
    const outcome = await done
    expect(sent).toEqual(['a'])
    expect(outcome.stopped).toBe(true)
  })

  it('shows a message in a line, cut to a budget', () => {
    expect(messageLine({ type: 'text', data: enc('a"b') }, 10, 4)).toBe('text "a\\"b"')
    expect(messageLine({ type: 'text', data: enc('abcdef') }, 3, 4)).toBe('text "abc…"')
    expect(messageLine({ type: 'binary', data: new Uint8Array([1, 2, 3, 4, 5]) }, 3, 4)).toBe('binary 5 B 01 02 03 04 …')
  })
})
