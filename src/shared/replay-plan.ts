import type { Session, SessionMessage } from './session.ts'

/** A text or binary message: the only kinds a replay sends and compares. */
export type DataMessage = SessionMessage & { type: 'text' | 'binary' }

/** One client message to send again, and what the server answered it with when it was recorded. */
export interface ReplayStep {
  message: DataMessage
  /** Time since the previous step (or the start) in the recording, ms. */
  gapMs: number
  /** The server's data messages after this one and before the next client message. */
  recorded: DataMessage[]
}

export interface ReplayPlan {
  /** Server messages before the client's first (a greeting). */
  greeting: DataMessage[]
  steps: ReplayStep[]
}

const isData = (m: SessionMessage): m is DataMessage => m.type === 'text' || m.type === 'binary'

/** The client's data messages in time order, each with the server's answers that followed it. */
export function replayPlan(session: Session): ReplayPlan {
  const messages = session.messages
    .filter(isData)
    .slice()
    .sort((a, b) => a.t - b.t)
  const plan: ReplayPlan = { greeting: [], steps: [] }
  let previous = messages.find((m) => m.sender === 'client')?.t ?? 0
  for (const message of messages) {
    if (message.sender === 'server') {
      const step = plan.steps.at(-1)
      if (step) step.recorded.push(message)
      else plan.greeting.push(message)
      continue
    }
    plan.steps.push({ message, gapMs: Math.max(0, message.t - previous), recorded: [] })
    previous = message.t
  }
  return plan
}

/** Whether two lists of messages carry the same types and bytes, in order. */
export function sameAnswers(a: readonly { type: string; data: Uint8Array }[], b: readonly { type: string; data: Uint8Array }[]): boolean {
  return a.length === b.length && a.every((m, i) => m.type === b[i].type && equalBytes(m.data, b[i].data))
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
