/**
 * Whether a core is free now, for work that a second thread would speed up only then (see
 * statsOnWorker). The one-minute load average stays high for minutes after the machine went
 * quiet, so Linux's count of tasks running or ready to run at this moment is used instead, read
 * when the command line starts and again when the choice is made: sustained work by others
 * (a build, a test run, a busy loop) shows in both. Reading it takes about 0.03 ms.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'

/** What the machine was doing at one moment. */
export interface CpuSample {
  /**
   * Tasks running or ready to run: this thread and other processes' (the 4th field of
   * /proc/loadavg, less this process's other threads); null without /proc.
   */
  runnable: number | null
  /** The one-minute load average: what is left to go by without /proc (macOS, Windows). */
  load: number
}

export function cpuSample(cores = availableParallelism()): CpuSample {
  return { runnable: runnableNow(cores), load: loadavg()[0]! }
}

function runnableNow(cores: number): number | null {
  let runnable: number
  try {
    // "0.52 0.58 0.59 3/467 12345": runnable/all tasks is the 4th field.
    runnable = Number.parseInt(readFileSync('/proc/loadavg', 'latin1').split(' ')[3]!, 10)
  } catch {
    return null
  }
  if (!Number.isFinite(runnable) || runnable < 1) return null
  // V8 compiling or collecting garbage on another thread of this process, as it does in bursts
  // while a command starts, is not work a worker would compete with for long. Only looked at
  // when one such thread makes the difference between a free core and none (it takes about
  // 0.2 ms; on a busy machine, more).
  return runnable === cores ? Math.max(1, runnable - otherRunningThreads()) : runnable
}

/** This process's threads running or ready to run, besides the one asking. */
function otherRunningThreads(): number {
  let running = 0
  try {
    for (const task of readdirSync('/proc/self/task')) {
      // "1234 (node) R …": the state follows the name, which may hold spaces and parentheses.
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'latin1')
      if (stat[stat.lastIndexOf(')') + 2] === 'R') running++
    }
  } catch {
    return 0
  }
  return Math.max(0, running - 1)
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
  const cores = availableParallelism()
  return coreIsFree(started ? [started, cpuSample(cores)] : [cpuSample(cores)], cores)
}
