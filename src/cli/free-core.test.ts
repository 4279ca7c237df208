import { describe, expect, it } from 'vitest'
import { coreIsFree, cpuSample, type CpuSample } from './free-core.ts'
import { statsOnWorker, WORKER_MIN_BYTES } from './decode-stats.ts'
import type { PayloadArgs } from './decode-payload.ts'

const counted = (runnable: number, load = 0): CpuSample => ({ runnable, load })
const uncounted = (load: number): CpuSample => ({ runnable: null, load })

describe('coreIsFree', () => {
  it('is true when every sample leaves a core idle (this thread counts as one task)', () => {
    expect(coreIsFree([counted(1), counted(1)], 2)).toBe(true)
    expect(coreIsFree([counted(3), counted(2)], 4)).toBe(true)
  })

  it('is false when another task keeps the other core busy now, at start-up or at the choice', () => {
    // A busy loop on one core of two: it and this thread.
    expect(coreIsFree([counted(2), counted(2)], 2)).toBe(false)
    expect(coreIsFree([counted(1), counted(3)], 2)).toBe(false)
    expect(coreIsFree([counted(4), counted(1)], 2)).toBe(false)
    expect(coreIsFree([counted(1)], 1)).toBe(false)
  })

  it('goes by the counts, not by a load average that is still high after a busy minute', () => {
    expect(coreIsFree([counted(1, 2.6), counted(1, 2.6)], 2)).toBe(true)
    expect(coreIsFree([counted(2, 0.1), counted(2, 0.1)], 2)).toBe(false)
  })

  it('falls back on the last load average where there are no counts', () => {
    expect(coreIsFree([uncounted(3), uncounted(1.5)], 2)).toBe(true)
    expect(coreIsFree([uncounted(0.5), uncounted(2.5)], 2)).toBe(false)
    expect(coreIsFree([counted(1), uncounted(2.5)], 2)).toBe(false)
    expect(coreIsFree([], 2)).toBe(false)
  })
})

describe('cpuSample', () => {
  it('counts this thread among the runnable tasks on Linux, and has no count elsewhere', () => {
    const { runnable, load } = cpuSample()
    if (process.platform === 'linux') expect(runnable).toBeGreaterThanOrEqual(1)
    else expect(runnable).toBeNull()
    expect(load).toBeGreaterThanOrEqual(0)
  })

  it("still counts this thread when it leaves out its process's other threads (as many tasks runnable as cores)", () => {
    for (let cores = 1; cores <= 8; cores++) {
      const { runnable } = cpuSample(cores)
      if (process.platform === 'linux') expect(runnable).toBeGreaterThanOrEqual(1)
      else expect(runnable).toBeNull()
    }
  })
})

describe('statsOnWorker', () => {
  const payload = { proto: null } as PayloadArgs
  const free = () => true
  const busy = () => false

  it('uses a worker for a large capture when a core is free now', () => {
    expect(statsOnWorker(payload, WORKER_MIN_BYTES, undefined, free)).toBe(true)
    expect(statsOnWorker(payload, WORKER_MIN_BYTES, undefined, busy)).toBe(false)
    expect(statsOnWorker(payload, WORKER_MIN_BYTES - 1, undefined, free)).toBe(false)
  })

  it('does as WSINSPECT_STATS_WORKER says, whatever the machine does', () => {
    expect(statsOnWorker(payload, 1, 'always', busy)).toBe(true)
    expect(statsOnWorker(payload, WORKER_MIN_BYTES, 'never', free)).toBe(false)
  })

  it('never uses one without payload decoding or with a .proto schema', () => {
    expect(statsOnWorker(null, WORKER_MIN_BYTES, 'always', free)).toBe(false)
    expect(statsOnWorker({ proto: {} } as PayloadArgs, WORKER_MIN_BYTES, 'always', free)).toBe(false)
  })
})
