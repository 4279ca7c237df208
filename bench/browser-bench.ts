/** What the browser benchmarks share: the companion server they drive and Debian's Chromium. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { chromium, type Browser } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.ts'

/** `wsinspect serve` on the port, resolved once it says it is running with the app built (a stale app is rebuilt first). */
export async function startServer(port: number): Promise<ChildProcess> {
  // BENCH_SERVER_NODE_ARGS: Node options for the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const server = spawn(process.execPath, [...nodeArgs, 'bin/wsinspect.mjs', 'serve', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] })
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

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  // performance.memory with exact figures, for the heap measurements.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', ...extraArgs] })
}

/**
 * CPU time (user + system, ms) used so far, by process and thread, of everything the benchmark
 * runs: this process (the benchmark and Playwright's driver, which runs inside it), the companion
 * server, and each Chromium process by its role (browser, renderer, GPU, network service…), and
 * the whole machine's busy time (/proc/stat), so what other work took shows too. Empty where there
 * is no /proc.
 */
export interface CpuReading {
  /** "process role\tthread" → ms. */
  threads: Map<string, number>
  /** The whole machine's busy time, ms summed over its cores. */
  machine: number
  at: number
}

export function cpuReading(): CpuReading {
  const threads = new Map<string, number>()
  const reading = { threads, machine: machineBusy(), at: performance.now() }
  let ps: string[][]
  try {
    ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
  } catch {
    return reading
  }
  // The companion server and the browser are children of this process; Chromium's other processes are further down.
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
    if (!ours.has(pid)) continue
    const role = processRole(pid, args)
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
      // Thread names are cut to 15 characters; numbered ones (pool threads) count together; each
      // of the page's workers (the socket's, the captures', the payload decoder's) by itself.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const name = tid === pid ? 'main thread' : comm === 'DedicatedWorker' ? `worker ${tid}` : comm.replace(/[\d/:#-]+$/, '')
      // utime and stime, in clock ticks of 10 ms (fields 14 and 15 of proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const key = `${role}\t${name}`
      threads.set(key, (threads.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10)
    }
  }
  return reading
}

function processRole(pid: string, args: string[]): string {
  if (pid === String(process.pid)) return 'bench + Playwright driver'
  const type = args.find((a) => a.startsWith('--type='))?.slice(7)
  if (type === 'utility') {
    const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19) ?? ''
    return sub.includes('NetworkService') ? 'Chromium network service' : `Chromium utility ${sub}`
  }
  if (type) return `Chromium ${type}`
  if (/chrom/i.test(args[0])) return 'Chromium browser process'
  if (/node/.test(args[0])) return 'companion server'
  return args[0]
}

function machineBusy(): number {
  try {
    // The first line sums every core: user nice system idle iowait irq softirq steal, in ticks of 10 ms.
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    return (user + nice + system + irq + softirq + steal) * 10
  } catch {
    return 0
  }
}

/** The roles of the page's renderer threads the benchmarks have printed since the start. */
function rendererRole(thread: string): string {
  return thread === 'main thread' ? 'main thread' : thread.startsWith('worker ') ? 'workers' : 'other threads'
}

/** What the page's renderer used between two readings, in ms of CPU per second of wall time (main thread, workers, other threads). */
export function cpuPerSecond(before: CpuReading, after: CpuReading): string {
  if (!after.threads.size) return 'not measured (no /proc)'
  const seconds = (after.at - before.at) / 1000
  const roles = new Map<string, number>()
  for (const [key, ms] of usedBetween(before, after)) {
    const [role, thread] = key.split('\t')
    if (role === 'Chromium renderer') roles.set(rendererRole(thread), (roles.get(rendererRole(thread)) ?? 0) + ms)
  }
  return ['main thread', 'workers', 'other threads'].map((role) => `${role} ${Math.round((roles.get(role) ?? 0) / seconds)}`).join(', ')
}

function usedBetween(before: CpuReading, after: CpuReading): Map<string, number> {
  const used = new Map<string, number>()
  for (const [key, ms] of after.threads) used.set(key, ms - (before.threads.get(key) ?? 0))
  return used
}

/**
 * Every process's CPU between two readings, in ms per second of wall time (1,000 = one core),
 * each with its threads that used at least `minThread`; then the benchmark's total, and what the
 * machine's other work used.
 */
export function cpuTable(before: CpuReading, after: CpuReading, minThread = 5): string[] {
  if (!after.threads.size) return ['not measured (no /proc)']
  const seconds = (after.at - before.at) / 1000
  const perSecond = (ms: number) => Math.round(ms / seconds)
  const byRole = new Map<string, { total: number; threads: [string, number][] }>()
  for (const [key, ms] of usedBetween(before, after)) {
    const [role, thread] = key.split('\t')
    const entry = byRole.get(role) ?? { total: 0, threads: [] }
    entry.total += ms
    entry.threads.push([thread, ms])
    byRole.set(role, entry)
  }
  const lines: string[] = []
  let ours = 0
  for (const [role, { total, threads }] of [...byRole].sort((a, b) => b[1].total - a[1].total)) {
    ours += total
    const shown = threads
      .filter(([, ms]) => perSecond(ms) >= minThread)
      .sort((a, b) => b[1] - a[1])
      .map(([thread, ms]) => `${thread} ${perSecond(ms)}`)
    lines.push(`${role.padEnd(28)} ${String(perSecond(total)).padStart(4)}   ${shown.join(', ')}`)
  }
  lines.push(`${'all of the benchmark'.padEnd(28)} ${String(perSecond(ours)).padStart(4)}`)
  if (after.machine)
    lines.push(`${'other work on the machine'.padEnd(28)} ${String(Math.max(0, perSecond(after.machine - before.machine - ours))).padStart(4)}`)
  return lines
}
