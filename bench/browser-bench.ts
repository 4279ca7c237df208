/** What the browser benchmarks share: the companion server they drive and Debian's Chromium. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { chromium, type Browser } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.ts'

/** `wsinspect serve` on the port, resolved once it says it is running with the app built (a stale app is rebuilt first). */
export async function startServer(port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['bin/wsinspect.mjs', 'serve', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('could not be built')) reject(new Error(`the companion server could not build the app:\n${output}`))
      const building = output.includes('reload themselves') && !output.includes('The app is built.')
      if (output.includes('is running at') && !building) resolve()
    }
    server.stdout!.on('data', onData)
    server.stderr!.on('data', onData)
    server.on('exit', (code) => reject(new Error(`the companion server exited (${code}):\n${output}`)))
  })
  return server
}

export function launchChromium(): Promise<Browser> {
  // performance.memory with exact figures, for the heap measurements.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] })
}

/** CPU time (user + system, ms) of the threads of this process's Chromium renderers, by role; empty where there is no /proc. */
export function rendererCpu(): Map<string, number> {
  const cpu = new Map<string, number>()
  let ps: string[][]
  try {
    ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
  } catch {
    return cpu
  }
  // The browser is a child of this process; its renderers are further down.
  const ours = new Set([String(process.pid)])
  for (let grew = true; grew;) {
    grew = false
    for (const [pid, ppid] of ps)
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid)
        grew = true
      }
  }
  for (const [pid, , ...args] of ps) {
    if (!ours.has(pid) || !args.includes('--type=renderer')) continue
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tids) {
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      } catch {
        continue
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      // utime and stime, in clock ticks of 10 ms (fields 14 and 15 of proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ms = (Number(fields[11]) + Number(fields[12])) * 10
      const role = tid === pid ? 'main thread' : name === 'DedicatedWorker' ? 'workers' : 'other threads'
      cpu.set(role, (cpu.get(role) ?? 0) + ms)
    }
  }
  return cpu
}

/** What each role used between two rendererCpu() readings, in ms of CPU per second of wall time. */
export function cpuPerSecond(before: Map<string, number>, after: Map<string, number>, seconds: number): string {
  if (!after.size) return 'not measured (no /proc)'
  return ['main thread', 'workers', 'other threads']
    .map((role) => `${role} ${Math.round(((after.get(role) ?? 0) - (before.get(role) ?? 0)) / seconds)}`)
    .join(', ')
}
