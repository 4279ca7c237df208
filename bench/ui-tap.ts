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
 * - CPU the page's renderer used while streaming (main thread, workers, other threads, from /proc):
 *   the page's own cost, which load disturbs far less than the wall time of its tasks
 * - filter response while streaming: from typing a filter to its count shown, three filters
 * - 20,000 msg/s through the tap: rows per second and the dropped count the app shows
 */
import { loadavg } from 'node:os'
import type { Page } from '@playwright/test'
import { cpuPerSecond, launchChromium, rendererCpu, startServer } from './browser-bench.ts'
import { instrument, messageCount, percentile, setRecording, timeFilter } from './ui-stream.ts'

const PORT = Number(process.env.BENCH_PORT ?? 4591)
const SIZE = 256
const STREAM_SECONDS = 20
const STREAM_URL = (rate: number) => `ws://127.0.0.1:${PORT}/stream?rate=${rate}&size=${SIZE}`
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
}

/** Records, every 250 ms while recording, how old the newest row on screen is. */
async function sampleLag(page: Page): Promise<void> {
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
  })
}

async function stream(page: Page, mode: 'Direct' | 'Through tap', rate: number): Promise<Run> {
  await page.getByRole('textbox', { name: 'URL' }).fill(STREAM_URL(rate))
  await page.getByRole('radio', { name: mode }).check()
  await page.evaluate(() => ((window as unknown as { lags: number[] }).lags = []))
  await setRecording(page, true)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  const cpuBefore = rendererCpu()
  await page.waitForTimeout(STREAM_SECONDS * 1000)
  const cpu = cpuPerSecond(cpuBefore, rendererCpu(), STREAM_SECONDS)
  const rows = await messageCount(page)
  const lags = await page.evaluate(() => (window as unknown as { lags: number[] }).lags)
  // The filter while the stream goes on; then no filter again.
  const filterMs: number[] = []
  for (const text of FILTERS) filterMs.push((await timeFilter(page, text, false)).ms)
  const { tasks } = await setRecording(page, false)
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('')
  const lost =
    (await page
      .getByRole('status', { name: 'Capture events lost' })
      .textContent({ timeout: 100 })
      .catch(() => null)) ?? 'none shown (0 dropped)'
  await page.getByRole('button', { name: 'Disconnect' }).click()
  await page.waitForTimeout(1000)
  await page.getByRole('button', { name: 'Clear' }).click()
  return { mode, rate, rows, lags, tasks, filterMs, lost, cpu }
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
  console.log(`  filter while streaming   ${run.filterMs.map(n).join(' / ')} ms (worst ${n(Math.max(...run.filterMs))})   target < 300 ms`)
  if (run.mode !== 'Direct') console.log(`  capture events lost      ${run.lost}`)
}

export async function tapSection(): Promise<void> {
  const server = await startServer(PORT)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    // tsx keeps function names with a __name() helper, which the functions passed to
    // page.evaluate carry into the page: give the page a no-op one.
    await page.addInitScript('globalThis.__name = (f) => f')
    await page.goto(`http://127.0.0.1:${PORT}/`)
    // A server that is still building the app serves a page that reloads once it is built.
    await page.getByRole('textbox', { name: 'URL' }).waitFor({ timeout: 300_000 })
    await instrument(page)
    await sampleLag(page)
    console.log(`/stream of ${SIZE}-byte JSON messages, Chromium ${browser.version()}, 1280×720\n`)
    const direct = await stream(page, 'Direct', 5000)
    print(direct)
    const tapped = await stream(page, 'Through tap', 5000)
    print(tapped, direct)
    print(await stream(page, 'Through tap', 20_000))
  } finally {
    await browser.close()
    server.kill()
  }
}
