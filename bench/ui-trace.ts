/**
 * `npm run bench:ui -- trace`: where the page's main thread goes while the log streams 5,000
 * msg/s, Direct and through the tap, in Debian's Chromium. For each: TRACE_SECONDS of a Chrome
 * trace (after WARM_SECONDS of streaming), then as long again of a CPU profile (apart: the
 * sampler would lengthen the tasks the trace times).
 *
 * - main-thread busy %: top-level tasks on the page's main thread over the trace
 * - tasks over 50 ms and over 100 ms, and the longest; how much of the long tasks no trace event covers
 * - the renderer's CPU while traced (main thread, workers, other threads, from /proc)
 * - the trace events with the most self time (script, style, layout, paint, GC…)
 * - the functions with the most self time in the CPU profile (bundle file and line)
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { cpuPerSecond, cpuReading, cpuTable, launchChromium, startServer } from './browser-bench.ts'
import { CdpPage, freePort } from './cdp-page.ts'
import { click, fill, waitUntil } from './page-ui.ts'

const PORT = Number(process.env.BENCH_PORT ?? 4592)
const RATE = 5000
const SIZE = 256
const WARM_SECONDS = 4
const TRACE_SECONDS = 8
const TOP = 12

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function traceSection(): Promise<void> {
  const server = await startServer(PORT)
  const debugPort = await freePort()
  // The page is driven over a bare DevTools connection, not by Playwright: see cdp-page.ts.
  const browser = await launchChromium([`--remote-debugging-port=${debugPort}`])
  try {
    console.log(`/stream of ${SIZE}-byte JSON messages at ${RATE.toLocaleString('en')} msg/s, Chromium ${browser.version()}, 1280×720`)
    for (const mode of ['Direct', 'Through tap']) {
      const page = await CdpPage.open(debugPort, `http://127.0.0.1:${PORT}/`, { width: 1280, height: 720 })
      // A server that is still building the app serves a page that reloads once it is built.
      await waitUntil(page, () => document.querySelector('.connect-url input') !== null, undefined, 300_000)
      await fill(page, 'URL', `ws://127.0.0.1:${PORT}/stream?rate=${RATE}&size=${SIZE}`)
      await click(page, mode)
      await click(page, 'Connect')
      await sleep(WARM_SECONDS * 1000)
      const cpuBefore = cpuReading()
      const events = await trace(page)
      // BENCH_TRACE_DIR: keep each trace, to open in DevTools' Performance panel or to read.
      if (process.env.BENCH_TRACE_DIR)
        writeFileSync(join(process.env.BENCH_TRACE_DIR, `${mode === 'Direct' ? 'direct' : 'tap'}.json`), JSON.stringify({ traceEvents: events }))
      const cpuAfter = cpuReading()
      const cpu = cpuPerSecond(cpuBefore, cpuAfter)
      const profile = await cpuProfile(page)
      const count = await page.evaluate(() => document.querySelector('.log-count')?.textContent, undefined)
      console.log(`\n${mode}, ${TRACE_SECONDS} s traced after ${WARM_SECONDS} s of streaming (${count}):`)
      printTasks(events)
      console.log(`  renderer CPU, ms a second ${cpu}, while traced   (load average ${loadavg()[0].toFixed(1)})`)
      console.log(`  CPU while traced, ms a second (1,000 = a core), by process, with its threads:`)
      for (const line of cpuTable(cpuBefore, cpuAfter)) console.log(`    ${line}`)
      printProfile(profile)
      await page.close()
    }
  } finally {
    await browser.close()
    server.kill()
  }
}

async function trace(page: CdpPage): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  page.on<{ value: TraceEvent[] }>('Tracing.dataCollected', (e) => events.push(...e.value))
  const complete = new Promise<void>((resolve) => page.on('Tracing.tracingComplete', () => resolve()))
  await page.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame,toplevel,v8',
    transferMode: 'ReportEvents',
  })
  await sleep(TRACE_SECONDS * 1000)
  await page.send('Tracing.end')
  await complete
  return events
}

function printTasks(events: TraceEvent[]): void {
  // The page's main thread: the renderer's, in whichever process holds it.
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  // Top-level tasks (a task may run one nested in another: counted once).
  const tasks: TraceEvent[] = []
  let end = 0
  for (const e of slices) {
    if (!e.name.endsWith('RunTask') || e.ts < end) continue
    tasks.push(e)
    end = e.ts + e.dur!
  }
  const ms = (e: TraceEvent) => e.dur! / 1000
  const busy = tasks.reduce((sum, e) => sum + ms(e), 0)
  const over = (limit: number) => tasks.filter((e) => ms(e) > limit).length
  console.log(`  main thread busy         ${((busy / (TRACE_SECONDS * 1000)) * 100).toFixed(0)} %   (${busy.toFixed(0)} ms in ${tasks.length} tasks)`)
  console.log(
    `  longest task             ${Math.max(0, ...tasks.map(ms)).toFixed(0)} ms   target ≤ 100 ms   (${over(50)} over 50 ms, ${over(100)} over 100 ms)`,
  )
  // What the tasks are: each by the first event inside it (a worker's message, a timer, a frame…).
  const kinds = new Map<string, { count: number; ms: number }>()
  let next = 0
  for (const task of tasks) {
    while (next < slices.length && slices[next].ts < task.ts) next++
    const inner = slices.slice(next, next + 4).find((e) => e !== task && e.ts < task.ts + task.dur! && !e.name.endsWith('RunTask'))
    const kind = inner?.name ?? '(no event)'
    const entry = kinds.get(kind) ?? { count: 0, ms: 0 }
    entry.count++
    entry.ms += ms(task)
    kinds.set(kind, entry)
  }
  console.log(
    `  tasks a second, by kind  ${[...kinds]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 8)
      .map(([kind, { count, ms }]) => `${kind} ${(count / TRACE_SECONDS).toFixed(0)} (${ms.toFixed(0)} ms)`)
      .join(' · ')}`,
  )
  // How often the page renders: each commit hands a frame to the compositor, each paint records the changed layers.
  const perSecond = (name: string, onMain = true) =>
    (events.filter((e) => e.name === name && (!onMain || main.has(`${e.pid}:${e.tid}`))).length / TRACE_SECONDS).toFixed(0)
  console.log(
    `  frames a second          main thread: animation-frame callbacks ${perSecond('FireAnimationFrame')}, style ${perSecond('UpdateLayoutTree')}, layout ${perSecond('Layout')}, paint ${perSecond('Paint')}, commit ${perSecond('Commit')}; drawn ${perSecond('DrawFrame', false)}`,
  )
  // What fills the long tasks: the events inside them (their union), and the time no event
  // covers — with the machine's cores busy, mostly the thread waiting to run again.
  let inside = 0
  let covered = 0
  for (const task of tasks.filter((e) => ms(e) > 50)) {
    inside += ms(task)
    let reach = task.ts
    for (const e of slices) {
      if (e.ts < task.ts || e.ts >= task.ts + task.dur! || e.name.endsWith('RunTask')) continue
      const end = Math.min(e.ts + e.dur!, task.ts + task.dur!)
      if (end > reach) covered += (end - Math.max(e.ts, reach)) / 1000
      reach = Math.max(reach, end)
    }
  }
  if (inside)
    console.log(
      `  inside tasks over 50 ms  ${inside.toFixed(0)} ms: ${covered.toFixed(0)} ms in traced events, ${(inside - covered).toFixed(0)} ms in none (the thread waiting for a core, or work no event covers)`,
    )
  // Self time: a slice's duration less that of the slices directly inside it.
  const self = new Map<string, number>()
  const stack: TraceEvent[] = []
  for (const e of slices) {
    while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop()
    const parent = stack.at(-1)
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - ms(e))
    self.set(e.name, (self.get(e.name) ?? 0) + ms(e))
    stack.push(e)
  }
  const top = [...self].filter(([name]) => !name.endsWith('RunTask')).sort((a, b) => b[1] - a[1])
  console.log(
    `  most self time (trace)   ${top
      .slice(0, TOP)
      .map(([name, t]) => `${name} ${t.toFixed(0)}`)
      .join(' · ')} ms`,
  )
}

async function cpuProfile(page: CdpPage): Promise<{ nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }> {
  await page.send('Profiler.enable')
  await page.send('Profiler.setSamplingInterval', { interval: 1000 })
  await page.send('Profiler.start')
  await sleep(TRACE_SECONDS * 1000)
  const { profile } = await page.send<{ profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } }>('Profiler.stop')
  return profile
}

function printProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): void {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let script = 0
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber, columnNumber } = nodes.get(id)!.callFrame
    if (functionName === '(idle)' || functionName === '(program)') return
    // The bundle's file without its content hash, line and column: the build minifies names,
    // so the place tells one function from another.
    const file = url
      .split('/')
      .pop()!
      .replace(/-[\w-]{8}\.js$/, '.js')
    const where = url ? ` ${file}:${lineNumber + 1}:${columnNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'}${where}`
    const t = (profile.timeDeltas[i] ?? 0) / 1000
    script += t
    self.set(key, (self.get(key) ?? 0) + t)
  })
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)
  console.log(`  CPU profile, next ${TRACE_SECONDS} s: ${script.toFixed(0)} ms sampled in JavaScript and the engine; most self time:`)
  for (const [key, t] of top) console.log(`    ${t.toFixed(0).padStart(6)} ms  ${key}`)
}
