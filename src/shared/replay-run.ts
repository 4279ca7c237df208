/**
 * Replaying a plan over one open socket, whatever carries it: `ws` in `wsinspect replay`, an
 * inspector tab in the app. The caller pushes in what the server sends (`received`) and its
 * close (`closed`); `run` sends each step through `send` and files every answer under the step
 * sent last. Timers are the platform's setTimeout, the same in browser and Node.
 */
import { hexPreview, textPreview } from '../protocol/index.ts'
import { sameAnswers, type ReplayPlan } from './replay-plan.ts'

export interface ReplayMessage {
  type: 'text' | 'binary'
  data: Uint8Array
}

export interface ReplayOptions {
  /** 1 keeps the recorded pauses, 2 halves them, Infinity sends as fast as answers allow. */
  speed: number
  /** How long to wait for answers that are late or missing, ms. */
  waitMs: number
}

export interface ReplayOutcome {
  greeting: ReplayMessage[]
  /** The server's answers to each message sent, by step (fewer steps when it closed early). */
  answers: ReplayMessage[][]
  /** "code reason" when the server closed (or the socket failed) before the replay ended. */
  closedEarly: string | null
  /** True when `stop()` ended the replay before its last step. */
  stopped: boolean
}

export class ReplayRun {
  /** What the server sent before the first message: waited for, not compared. */
  readonly greeting: ReplayMessage[] = []
  readonly answers: ReplayMessage[][] = []
  private closedEarly: string | null = null
  private stopped = false
  private wake: (() => void) | null = null

  /** `progress` is called after each message sent and each answer received. */
  constructor(
    private readonly plan: ReplayPlan,
    private readonly send: (message: ReplayMessage) => void,
    private readonly progress: () => void = () => {},
  ) {}

  /** A data message from the server. */
  received(message: ReplayMessage): void {
    ;(this.answers.at(-1) ?? this.greeting).push(message)
    this.progress()
    this.wake?.()
  }

  /** The socket closed or failed; `detail` says how ("1011 overloaded"). */
  closed(detail: string): void {
    this.closedEarly ??= detail
    this.wake?.()
  }

  /** Ends the replay after the message being sent, without waiting for answers. */
  stop(): void {
    this.stopped = true
    this.wake?.()
  }

  /**
   * Sends each step's message once the previous one has as many answers as were recorded (or
   * after `waitMs` without them), and at timed speeds not before its (scaled) recorded pause.
   */
  async run({ speed, waitMs }: ReplayOptions): Promise<ReplayOutcome> {
    const steps = this.plan.steps
    const over = () => this.closedEarly !== null || this.stopped
    const answered = (i: number) => (this.answers[i]?.length ?? 0) >= steps[i].recorded.length
    // A recorded greeting is waited for, or it would arrive (late, or through a slower path such
    // as the tap's feed) after the first message and be taken for its answer.
    await this.until(() => this.greeting.length >= this.plan.greeting.length || over(), waitMs)
    for (let i = 0; i < steps.length && !over(); i++) {
      if (i > 0) {
        // A step never overtakes the previous one's answers, so a slow server's late answer is
        // still filed under the message it answers; timing only adds the recorded pause.
        if (speed !== Infinity) await this.until(over, steps[i].gapMs / speed)
        await this.until(() => answered(i - 1) || over(), waitMs)
      }
      if (over()) break
      this.answers.push([])
      this.send(steps[i].message)
      this.progress()
    }
    if (this.answers.length) await this.until(() => answered(this.answers.length - 1) || over(), waitMs)
    return { greeting: this.greeting, answers: this.answers, closedEarly: this.closedEarly, stopped: this.stopped && this.answers.length < steps.length }
  }

  /** Resolves when `done()` holds (checked on every answer, close or stop), or after `ms`. */
  private until(done: () => boolean, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer)
        this.wake = null
        resolve()
      }
      const timer = setTimeout(finish, ms)
      this.wake = () => done() && finish()
      if (done()) finish()
    })
  }
}

/** One step of a replay: what was sent, what the server answered then and now. */
export interface ReplayStepResult {
  sent: ReplayMessage
  recorded: ReplayMessage[]
  /** Null when the replay ended before this step was sent. */
  received: ReplayMessage[] | null
  same: boolean
}

export function compareReplay(plan: ReplayPlan, answers: readonly ReplayMessage[][]): ReplayStepResult[] {
  return plan.steps.map((step, i) => {
    const received = answers[i] ?? null
    return { sent: step.message, recorded: step.recorded, received, same: received !== null && sameAnswers(step.recorded, received) }
  })
}

/**
 * One message in one line: text as a JSON string, binary as its length and hex, each cut to a
 * budget (`…` marks the cut) so one huge message cannot swamp a report (the core's previews).
 */
export function messageLine(m: ReplayMessage, textBytes: number, binaryBytes: number): string {
  if (m.type === 'binary') return `binary ${m.data.length} B ${hexPreview(m.data, binaryBytes)}`
  return `text ${JSON.stringify(textPreview(m.data, textBytes))}`
}
