import { CaseRun } from '../case-run.ts'
import type { CheckCase } from '../case-definition.ts'
import { parseTarget, type Target } from '../client-handshake.ts'
import type { CaseResult } from '../judge.ts'
import type { ServerOutput } from './fake-echo-server.ts'

const parsed = parseTarget('ws://127.0.0.1:9/')
if (!parsed.ok) throw new Error(parsed.error)
export const TARGET: Target = parsed.value

/** A server as a function of the bytes it receives; `null` output: it never answers. */
export interface ScriptedServer {
  receive(chunk: Uint8Array): ServerOutput
}

/**
 * Runs a case against a scripted server with a simulated clock, no sockets and no timers:
 * bytes go back and forth until the case is done; when nothing moves, time jumps to the
 * case's next deadline. Bounded: a case that never ends fails the test.
 */
export function drive(
  definition: CheckCase,
  server: ScriptedServer,
  options: { timeoutMs?: number; settleMs?: number; full?: boolean } = {},
): CaseResult & { elapsed: number } {
  let now = 1_000
  const run = new CaseRun(definition, {
    target: TARGET,
    timeoutMs: options.timeoutMs ?? 5000,
    settleMs: options.settleMs ?? 1000,
    full: options.full ?? false,
    random: fixedRandom(),
  })
  run.start(now)
  let serverClosed = false
  for (let step = 0; step < 1_000_000 && !run.done; step++) {
    const sent = run.bytesToSend()
    if (sent.length && !serverClosed) {
      for (const chunk of sent) {
        const out = server.receive(chunk)
        for (const bytes of out.bytes) if (!run.done) run.receiveData(bytes, now)
        if (out.closeTcp) {
          serverClosed = true
          run.receiveEof(now)
          break
        }
      }
      continue
    }
    const deadline = run.nextDeadline
    if (deadline === null) throw new Error('the case waits for nothing but is not done')
    now = Math.max(now, deadline)
    run.tick(now)
  }
  if (!run.done) throw new Error(`case ${definition.id} did not end`)
  return { ...run.result!, elapsed: now - 1_000 }
}

function fixedRandom() {
  let n = 1
  return (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = (n = (n * 1103515245 + 12345) & 0x7fffffff) & 0xff
  }
}
