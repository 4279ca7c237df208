/**
 * Replaying a saved session from the sessions page: its client messages go to a target on a
 * new inspector tab (Direct or through the tap) through the shared replay core — the same one
 * `wsinspect replay` runs — and the server's new answers are kept beside the recorded ones.
 */
import { create } from 'zustand'
import { utf8Decode } from '../../protocol/index.ts'
import { replayPlan, type ReplayPlan } from '../../shared/replay-plan.ts'
import { ReplayRun, type ReplayOutcome } from '../../shared/replay-run.ts'
import type { SessionInfo } from '../../shared/session.ts'
import { engine } from '../connection/app-engine.ts'
import type { Mode } from '../connection/connections-store.ts'
import { openNewConnection, watchServer } from '../connection/new-connection.ts'
import { loadSavedSession } from '../persistence/saved-sessions-store.ts'

/** How long a step waits for answers that are late or missing, as in the CLI. */
const WAIT_MS = 2000

export interface ReplaySettings {
  target: string
  mode: Mode
  /** 1 as recorded, 2 twice as fast…; Infinity as fast as answers allow. */
  speed: number
}

interface ReplayState {
  /** The saved session being replayed, or null when the panel is closed. */
  key: string | null
  info: SessionInfo | null
  phase: 'setup' | 'connecting' | 'running' | 'done' | 'failed'
  plan: ReplayPlan | null
  /** Messages sent so far. */
  sent: number
  outcome: ReplayOutcome | null
  error: string | null
  /** The inspector tab the replay runs on. */
  tabId: string | null
}

const CLOSED: ReplayState = { key: null, info: null, phase: 'setup', plan: null, sent: 0, outcome: null, error: null, tabId: null }

export const useReplayStore = create<ReplayState>()(() => CLOSED)
const set = useReplayStore.setState

let current: ReplayRun | null = null

/** Opens the replay panel for a saved session (stopping a replay that runs). */
export function setUpReplay(key: string, info: SessionInfo): void {
  current?.stop()
  set({ ...CLOSED, key, info })
}

export function closeReplay(): void {
  current?.stop()
  set(CLOSED)
}

export function stopReplay(): void {
  current?.stop()
}

export async function startReplay({ target, mode, speed }: ReplaySettings): Promise<void> {
  const { key, phase } = useReplayStore.getState()
  if (!key || phase === 'connecting' || phase === 'running') return
  const fail = (error: string) => set({ phase: 'failed', error })
  set({ phase: 'connecting', error: null, outcome: null, sent: 0, tabId: null })
  const session = await loadSavedSession(key)
  if (!session) return fail('The session is no longer saved.')
  const plan = replayPlan(session)
  if (!plan.steps.length) return fail('The session has no client text or binary messages to replay.')
  set({ plan })
  const { id, error } = await openNewConnection({ url: target.trim(), mode, protocols: session.info.subprotocol ?? '' }, false)
  set({ tabId: id })
  if (error) return fail(`Could not connect: ${error}`)
  const run = new ReplayRun(
    plan,
    (m) => engine.send(id, m.type === 'text' ? utf8Decode(m.data) : m.data.slice()),
    () => set({ sent: run.answers.length }),
  )
  current = run
  set({ phase: 'running' })
  const unwatch = watchServer(id, { message: (m) => run.received(m), closed: (detail) => run.closed(detail) })
  const outcome = await run.run({ speed, waitMs: WAIT_MS })
  unwatch()
  if (current !== run) return
  current = null
  engine.disconnect(id)
  set({ phase: 'done', outcome })
}
