/** The replay's comparison in words and as two texts to diff, one line per message. */
import { messageLine, type ReplayStepResult } from '../../shared/replay-run.ts'

/** Long enough to show what differs, short enough that one huge message cannot swamp the diff. */
const TEXT_BYTES = 4000
const BINARY_BYTES = 512

const line = (m: ReplayStepResult['sent']) => messageLine(m, TEXT_BYTES, BINARY_BYTES)

/**
 * The recorded conversation and the new one, step by step: the same "#n sent …" line on both
 * sides (so the diff lines them up), then that step's answers indented.
 */
export function replayDiffTexts(steps: readonly ReplayStepResult[]): { recorded: string; now: string } {
  const recorded: string[] = []
  const now: string[] = []
  steps.forEach((step, i) => {
    const head = `#${i + 1} sent ${line(step.sent)}`
    recorded.push(head, ...step.recorded.map((m) => `  ${line(m)}`))
    now.push(head, ...(step.received === null ? ['  (not sent)'] : step.received.map((m) => `  ${line(m)}`)))
  })
  return { recorded: recorded.join('\n'), now: now.join('\n') }
}

export function replaySummary(steps: readonly ReplayStepResult[], closedEarly: string | null, stopped: boolean): string {
  const sent = steps.filter((s) => s.received !== null).length
  const same = steps.filter((s) => s.same).length
  const differ = sent - same
  const parts = [`${same} of ${steps.length} answered as recorded`]
  if (differ) parts.push(`${differ} differ${differ === 1 ? 's' : ''}`)
  if (sent < steps.length) parts.push(`${steps.length - sent} not sent`)
  const why = stopped ? 'stopped' : closedEarly ? `the server closed the connection early (${closedEarly})` : ''
  return `${parts.join(', ')}${why ? `; ${why}` : ''}.`
}
