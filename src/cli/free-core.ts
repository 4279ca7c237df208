/**
 * Whether a core is free now, for work that a second thread would speed up only then (see
 * statsOnWorker). The one-minute load average stays high for minutes after the machine went
 * quiet, so Linux's count of tasks running or ready to run at this moment is used instead, read
 * when the command line starts and again when the choice is made: sustained work by others
 * (a build, a test run, a busy loop) shows in both. Reading it takes about 0.03 ms.
 */
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'

/** What the machine was doing at one moment. */
export interface CpuSample {
  /** Tasks running or ready to run, this thread included (the 4th field of /proc/loadavg); null without /proc. */
  runnable: number | null
  /** The one-minute load average: what is left to go by without /proc (macOS, Windows). */
  load: number
}

export function cpuSample(): CpuSample {
  return { runnable: runnableNow(), load: loadavg()[0]! }
}

function runnableNow(): number | null {
  try {
    // "0.52 0.58 0.59 3/467 12345": runnable/all tasks is the 4th field.
    const runnable = Number.parseInt(readFileSync('/proc/loadavg', 'latin1').split(' ')[3]!, 10)
    return Number.isFinite(runnable) && runnable > 0 ? runnable : null
  } catch {
    return null
  }
}

/**
 * Whether, at every sample, fewer tasks were runnable than there are `cores` (this thread being
 * one of them): then a core stood idle each time, and a second thread would have it to itself.
 * Without counts, whether the last load average is below the number of cores.
 */
export function coreIsFree(samples: readonly CpuSample[], cores: number): boolean {
  if (samples.length === 0) return false
  if (samples.every((s) => s.runnable !== null)) return samples.every((s) => s.runnable! < cores)
  return samples.at(-1)!.load < cores
}

let started: CpuSample | null = null

/** Takes the sample freeCoreNow compares with: call it as early as the process can. */
export function noteStart(): void {
  started ??= cpuSample()
}

/** coreIsFree for this machine, from the start-up sample (when taken) and one taken now. */
export function freeCoreNow(): boolean {
  return coreIsFree(started ? [started, cpuSample()] : [cpuSample()], availableParallelism())
}
