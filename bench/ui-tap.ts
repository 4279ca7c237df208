/**
 * `npm run bench:ui -- tap`: the inspector's log fed through the wire tap against the same
 * stream received Direct, one after the other in one run, in Debian's Chromium. Through the
 * tap the page's socket goes to /tap and the log is filled from the captures feed (binary
 * batches decoded in a worker), so this measures the feed against the page's own socket.
 * Figures, not pass/fail: the targets are printed next to them.
 *
 * - rows the log holds after STREAM_SECONDS of /stream at 5,000 msg/s: tap as a % of Direct
 * - row lag: now minus the `time` of the newest row on screen, sampled every 250 ms
 * - longest main-thread task (PerformanceObserver 'longtask'; under 50 ms is not reported)
 * - CPU used while streaming, from /proc, by every process and thread of the benchmark (the page's
 *   renderer, Chromium's browser, GPU and network processes, the companion server, Playwright's
 *   driver) and by other work on the machine: what load disturbs far less than task times
 * - ROUNDS rounds of Direct then through the tap at 5,000 msg/s (a single longest task says
 *   little on a shared 2-core machine): each run's figures, then the longest task's median over
 *   the runs and every task over 100 ms counted
 * - filter response while streaming: from typing a filter to its count shown, three filters
 * - 20,000 msg/s through the tap: rows per second and the dropped count the app shows
 */
import { loadavg } from 'node:os'
import { cpuPerSecond, cpuReading, cpuTable, launchChromium, startServer } from './browser-bench.ts'
import { CdpPage, freePort, type Evaluates } from './cdp-page.ts'
import { click, fill, textOf, waitUntil } from './page-ui.ts'
import { instrument, messageCount, percentile, setRecording, timeFilter } from './ui-stream.ts'

const PORT = Number(process.env.BENCH_PORT ?? 4591)
const SIZE = 256
const STREAM_SECONDS = 20
/** Rounds of Direct and through the tap at 5,000 msg/s (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** BENCH_TAP_ONLY=1: only through the tap, ROUNDS times (for comparing builds), at BENCH_TAP_RATE msg/s (default 5,000). */
const TAP_ONLY = process.env.BENCH_TAP_ONLY === '1'
const TAP_RATE = Number(process.env.BENCH_TAP_RATE ?? 5000)
/**
 * BENCH_DRIVER=playwright: a Playwright page, as before. Playwright has the browser report every
 * WebSocket frame to it, which costs this 2-core machine about a third of a core at 5,000 msg/s
 * that no user pays; by default the page is driven over a bare DevTools connection (cdp-page.ts).
 */
const PLAYWRIGHT = process.env.BENCH_DRIVER === 'playwright'
const VIEWPORT = { width: 1280, height: 720 }
/** BENCH_STREAM_QUERY: more of /stream's query, e.g. "deflate=0" for a stream without permessage-deflate. */
const STREAM_QUERY = process.env.BENCH_STREAM_QUERY ? `&${process.env.BENCH_STREAM_QUERY}` : ''
const STREAM_URL = (rate: number) => `ws://127.0.0.1:${PORT}/stream?rate=${rate}&size=${SIZE}${STREAM_QUERY}`
/** Typed one after the other while the stream goes on (the figure was bimodal: one try says little). */
const FILTERS = ['"delta":-3,', '"delta":-7,', 'zzzz']

interface Run {
  mode: string
  rate: number
  rows: number
  lags: number[]
  tasks: number[]
  filterMs: number[]
  lost: string
  /** CPU the page's renderer used while it streamed (before the filters). */
  cpu: string
  /** Every process's CPU while it streamed. */
  cpuTable: string[]
}

/** Records, every 250 ms while recording, how old the newest row on screen is. */
async function sampleLag(page: Evaluates): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { bench: { recording: boolean }; lags: number[] }
    w.lags = []
    setInterval(() => {
      if (!w.bench.recording) return
      let newest = 0
      for (const cell of document.querySelectorAll('.log-scroll .cell-preview')) {
        const time = /"time":"([^"]+)"/.exec(cell.textContent ?? '')
        if (time) newest = Math.max(newest, Date.parse(time[1]))
      }
      if (newest) w.lags.push(Date.now() - newest)
    }, 250)
  }, undefined)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function stream(page: Evaluates, mode: 'Direct' | 'Through tap', rate: number): Promise<Run> {
  await fill(page, 'URL', STREAM_URL(rate))
  await click(page, mode)
  await page.evaluate(() => ((window as unknown as { lags: number[] }).lags = []), undefined)
  await setRecording(page, true)
  await click(page, 'Connect')
  const cpuBefore = cpuReading()
  // The filters typed at the end of a run, one right after the other, could leave the log no
  // longer following the newest message (fixed since): scrolled to its end, it follows again. The
  // lag is counted from then on, as in the rounds measured before the fix.
  await sleep(1000)
  await page.evaluate(() => {
    const scroller = document.querySelector('.log-scroll')!
    scroller.scrollTop = scroller.scrollHeight
    ;(window as unknown as { lags: number[] }).lags = []
  }, undefined)
  await sleep(STREAM_SECONDS * 1000 - 1000)
  const cpuAfter = cpuReading()
  const cpu = cpuPerSecond(cpuBefore, cpuAfter)
  const rows = await messageCount(page)
  const lags = await page.evaluate(() => (window as unknown as { lags: number[] }).lags, undefined)
  // The filter while the stream goes on; then no filter again.
  const filterMs: number[] = []
  for (const text of FILTERS) filterMs.push((await timeFilter(page, text, false)).ms)
  const { tasks } = await setRecording(page, false)
  await fill(page, 'Filter messages', '')
  const lost = (await textOf(page, '[role=status][aria-label="Capture events lost"]')) ?? 'none shown (0 dropped)'
  await click(page, 'Disconnect')
  await sleep(1000)
  await click(page, 'Clear')
  return { mode, rate, rows, lags, tasks, filterMs, lost, cpu, cpuTable: cpuTable(cpuBefore, cpuAfter) }
}

const n = (value: number) => Math.round(value).toLocaleString('en-US')

function print(run: Run, direct?: Run): void {
  const longest = Math.max(0, ...run.tasks)
  console.log(`${run.mode} at ${n(run.rate)} msg/s, ${STREAM_SECONDS} s:`)
  console.log(
    `  rows in the log          ${n(run.rows)} (${n(run.rows / STREAM_SECONDS)} msg/s)${direct ? `   ${((100 * run.rows) / direct.rows).toFixed(0)} % of Direct   target ≥ 90 %` : ''}`,
  )
  console.log(
    `  row lag                  median ${n(percentile(run.lags, 50))} ms, 95th percentile ${n(percentile(run.lags, 95))} ms   target < 250 ms   (${run.lags.length} samples)`,
  )
  console.log(
    `  longest main-thread task ${longest ? `${longest.toFixed(0)} ms` : '< 50 ms (no long task)'}   target ≤ 100 ms   (${run.tasks.length} over 50 ms)`,
  )
  console.log(`  renderer CPU, ms a second ${run.cpu}   (load average ${loadavg()[0].toFixed(1)})`)
  console.log(`  CPU while streaming, ms a second (1,000 = a core), by process, with its threads:`)
  for (const line of run.cpuTable) console.log(`    ${line}`)
  console.log(`  filter while streaming   ${run.filterMs.map(n).join(' / ')} ms (worst ${n(Math.max(...run.filterMs))})   target < 300 ms`)
  if (run.mode !== 'Direct') console.log(`  capture events lost      ${run.lost}`)
}

/** The figures over several runs: one run's longest task is mostly the machine's luck. */
function summarise(runs: Run[], directs: Run[] = []): void {
  const longest = runs.map((r) => Math.max(0, ...r.tasks))
  const over100 = runs.map((r) => r.tasks.filter((t) => t > 100).length)
  const lags = runs.flatMap((r) => r.lags)
  const share = directs.length ? `   rows ${runs.map((r, i) => `${((100 * r.rows) / directs[i].rows).toFixed(0)} %`).join(', ')} of Direct` : ''
  console.log(`  ${runs[0].mode}:${share}`)
  console.log(
    `    longest task per run ${longest.map((t) => (t ? n(t) : '< 50')).join(', ')} ms; median ${n(percentile(longest, 50))} ms; tasks over 100 ms ${over100.join(', ')} (${over100.filter((c) => c === 0).length} of ${runs.length} runs with none)`,
  )
  console.log(`    row lag over all runs   median ${n(percentile(lags, 50))} ms, 95th percentile ${n(percentile(lags, 95))} ms`)
  console.log(`    filter worst per run    ${runs.map((r) => n(Math.max(...r.filterMs))).join(', ')} ms`)
}

export async function tapSection(): Promise<void> {
  const server = await startServer(PORT)
  const debugPort = await freePort()
  const browser = await launchChromium(PLAYWRIGHT ? [] : [`--remote-debugging-port=${debugPort}`])
  try {
    const url = `http://127.0.0.1:${PORT}/`
    let page: Evaluates
    if (PLAYWRIGHT) {
      const playwrightPage = await browser.newPage({ viewport: VIEWPORT })
      // tsx keeps function names with a __name() helper, which the functions passed to
      // page.evaluate carry into the page: give the page a no-op one.
      await playwrightPage.addInitScript('globalThis.__name = (f) => f')
      await playwrightPage.goto(url)
      page = playwrightPage
    } else page = await CdpPage.open(debugPort, url, VIEWPORT)
    // A server that is still building the app serves a page that reloads once it is built.
    await waitUntil(page, () => document.querySelector('.connect-url input') !== null, undefined, 300_000)
    await instrument(page, false)
    await sampleLag(page)
    console.log(
      `driven by ${PLAYWRIGHT ? 'Playwright (which has the browser report every WebSocket frame to it)' : 'a bare DevTools connection (script only)'}`,
    )
    console.log(`/stream of ${SIZE}-byte JSON messages, Chromium ${browser.version()}, 1280×720\n`)
    const directs: Run[] = []
    const taps: Run[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`Round ${round} of ${ROUNDS}:`)
      const direct = TAP_ONLY ? undefined : await stream(page, 'Direct', 5000)
      if (direct) {
        print(direct)
        directs.push(direct)
      }
      const tapped = await stream(page, 'Through tap', TAP_ONLY ? TAP_RATE : 5000)
      print(tapped, direct)
      taps.push(tapped)
    }
    console.log(`\nOver ${ROUNDS} rounds of ${STREAM_SECONDS} s at ${n(TAP_ONLY ? TAP_RATE : 5000)} msg/s:`)
    if (directs.length) summarise(directs)
    summarise(taps, directs)
    if (!TAP_ONLY) print(await stream(page, 'Through tap', 20_000))
  } finally {
    await browser.close()
    server.kill()
  }
}
