import { describe, expect, it } from 'vitest'
import type { ReplayMessage, ReplayStepResult } from '../../shared/replay-run.ts'
import { replayDiffTexts, replaySummary } from './replay-report.ts'

const t = (s: string): ReplayMessage => ({ type: 'text', data: new TextEncoder().encode(s) })
const steps: ReplayStepResult[] = [
  { sent: t('a'), recorded: [t('A')], received: [t('A')], same: true },
  { sent: t('b'), recorded: [t('B')], received: [t('B!'), t('extra')], same: false },
  { sent: { type: 'binary', data: new Uint8Array([1, 2]) }, recorded: [], received: null, same: false },
]

describe('replay report', () => {
  it('lines up both conversations by the message sent, answers indented', () => {
    const { recorded, now } = replayDiffTexts(steps)
    expect(recorded.split('\n')).toEqual(['#1 sent text "a"', '  text "A"', '#2 sent text "b"', '  text "B"', '#3 sent binary 2 B 01 02'])
    expect(now.split('\n')).toEqual([
      '#1 sent text "a"',
      '  text "A"',
      '#2 sent text "b"',
      '  text "B!"',
      '  text "extra"',
      '#3 sent binary 2 B 01 02',
      '  (not sent)',
    ])
  })

  it('sums up what matched, what differs and why it ended', () => {
    expect(replaySummary(steps, '1011 overloaded', false)).toBe(
      '1 of 3 answered as recorded, 1 differs, 1 not sent; the server closed the connection early (1011 overloaded).',
    )
    expect(replaySummary(steps.slice(0, 1), null, false)).toBe('1 of 1 answered as recorded.')
    expect(replaySummary(steps, null, true)).toBe('1 of 3 answered as recorded, 1 differs, 1 not sent; stopped.')
  })
})
