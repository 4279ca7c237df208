/**
 * `npm run bench:ui -- stream`: the inspector under load, in Debian's Chromium driven by Playwright.
 * The companion server's /stream pushes 20,000 messages a second into the log; the page
 * is measured while it streams, then filled to a million messages and filtered.
 * Figures, not pass/fail: the targets are printed next to them.
 *
 * - longest main-thread task during the 20 s stream (PerformanceObserver 'longtask'; tasks
 *   under 50 ms are not reported by the browser, so "< 50 ms" means none was)
 * - 95th percentile frame time (requestAnimationFrame deltas) during the stream
 * - both again, first, at half the rate a bare page (no app) receives on this machine: at
 *   20,000 msg/s the browser's own per-message work on the socket's thread fills a core of a
 *   small machine, and the main thread's tasks stretch for want of CPU, not for more work
 * - JS heap after 1,000,000 messages, after a forced GC (CDP HeapProfiler.collectGarbage,
 *   Performance.getMetrics), and the typed-array bytes the message store holds
 * - time to filter 1,000,000 messages: from typing the filter to the count shown for it
 */
import { launchChromium, startServer } from './browser-bench.ts'
import { CdpPage, freePort, type Evaluates } from './cdp-page.ts'
import { click, fill, isChecked, waitUntil } from './page-ui.ts'

const PORT = Number(process.env.BENCH_PORT ?? 4590)
const RATE = 20_000
const SIZE = 256
const STREAM_SECONDS = 20
const TARGET_MESSAGES = 1_000_000
const FILL_TIMEOUT_MS = 15 * 60_000
const STREAM_URL = (port: number, rate = RATE) => `ws://127.0.0.1:${port}/stream?rate=${rate}&size=${SIZE}`
const EASY_SECONDS = 10

/**
 * What this browser on this machine receives from the same stream with no app at all: the
 * ceiling for the log (each message costs the browser an IPC hop before any page code runs).
 */
async function bareRate(page: Evaluates): Promise<number> {
  return page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        let n = 0
        const ws = new WebSocket(url)
        ws.onmessage = () => n++
        setTimeout(() => {
          ws.close()
          resolve(n / 5)
        }, 5000)
      }),
    STREAM_URL(PORT),
  )
}

/**
 * Installs the long-task observer and, with `frames`, the rAF frame recorder in the page (its
 * callback every frame makes the browser run the page's frame 60 times a second, which a log
 * that renders ten times a second does not: leave it out where frame times are not reported).
 */
export async function instrument(page: Evaluates, frames = true): Promise<void> {
  await page.evaluate((frames) => {
    const w = window as unknown as { bench: { tasks: number[]; frames: number[]; recording: boolean } }
    w.bench = { tasks: [], frames: [], recording: false }
    new PerformanceObserver((list) => {
      if (w.bench.recording) for (const e of list.getEntries()) w.bench.tasks.push(e.duration)
    }).observe({ type: 'longtask' })
    if (!frames) return
    let last = performance.now()
    const frame = (now: number) => {
      if (w.bench.recording) w.bench.frames.push(now - last)
      last = now
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  }, frames)
}

export async function setRecording(page: Evaluates, recording: boolean): Promise<{ tasks: number[]; frames: number[] }> {
  return page.evaluate((on) => {
    const w = window as unknown as { bench: { tasks: number[]; frames: number[]; recording: boolean } }
    w.bench.recording = on
    const result = { tasks: w.bench.tasks, frames: w.bench.frames }
    if (on) {
      w.bench.tasks = []
      w.bench.frames = []
    }
    return result
  }, recording)
}

/** The log's row count, read from its status line ("12,345 messages"). */
export async function messageCount(page: Evaluates): Promise<number> {
  const text = await page.evaluate(() => document.querySelector('.log-count')?.textContent ?? null, undefined)
  const all = /of ([\d,]+) messages/.exec(text ?? '') ?? /([\d,]+) messages/.exec(text ?? '')
  return all ? Number(all[1].replaceAll(',', '')) : 0
}

/** Types a filter and waits until the count for it is shown; returns the milliseconds in between. */
export async function timeFilter(page: Evaluates, text: string, regex: boolean): Promise<{ ms: number; shown: string }> {
  if ((await isChecked(page, 'Regex')) !== regex) await click(page, 'Regex')
  await fill(page, 'Filter messages', '')
  await waitUntil(page, () => !document.querySelector('.log-count')?.textContent?.includes(' of '), undefined)
  return page.evaluate(
    ({ text }) =>
      new Promise<{ ms: number; shown: string }>((resolve) => {
        const status = document.querySelector('.log-count')!
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!
        const observer = new MutationObserver(() => {
          const shown = status.textContent ?? ''
          if (shown.includes(' of ') && !shown.includes('filtering')) {
            observer.disconnect()
            resolve({ ms: performance.now() - start, shown })
          }
        })
        observer.observe(status, { childList: true, subtree: true, characterData: true })
        // React listens for 'input' events; set the value the way the browser would.
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
        const start = performance.now()
        setValue.call(input, text)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }),
    { text },
  )
}

/** Connects the log to /stream at `rate` and records its tasks and frames for `seconds`. */
async function streamFor(page: Evaluates, rate: number, seconds: number): Promise<{ tasks: number[]; frames: number[] }> {
  await fill(page, 'URL', STREAM_URL(PORT, rate))
  await setRecording(page, true)
  await click(page, 'Connect')
  await sleep(seconds * 1000)
  return setRecording(page, false)
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function printSmoothness(label: string, { tasks, frames }: { tasks: number[]; frames: number[] }): void {
  const longest = Math.max(0, ...tasks)
  console.log(`${label}:`)
  console.log(
    `  longest main-thread task  ${longest ? `${longest.toFixed(0)} ms` : '< 50 ms (no long task)'}   target ≤ 100 ms   (${tasks.length} tasks over 50 ms)`,
  )
  console.log(
    `  95th percentile frame     ${percentile(frames, 95).toFixed(1)} ms   target < 25 ms   (${frames.length} frames, median ${percentile(frames, 50).toFixed(1)} ms)`,
  )
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function streamSection(): Promise<void> {
  const server = await startServer(PORT)
  const debugPort = await freePort()
  // The page is driven over a bare DevTools connection, not by Playwright: see cdp-page.ts.
  const browser = await launchChromium([`--remote-debugging-port=${debugPort}`])
  try {
    const page = await CdpPage.open(debugPort, `http://127.0.0.1:${PORT}/favicon.svg`, { width: 1280, height: 720 })
    await page.send('Performance.enable')
    const baseline = await bareRate(page)
    await page.send('Page.navigate', { url: `http://127.0.0.1:${PORT}/` })
    // A server that is still building the app serves a page that reloads once it is built.
    await waitUntil(page, () => document.querySelector('.connect-url input') !== null, undefined, 300_000)
    await instrument(page)
    // The app's own cost, at a rate this machine's browser carries with room to spare; then the
    // issue's rate, at which the socket's thread alone saturates a core of a small machine.
    const easyRate = Math.max(1000, Math.round(baseline / 2000) * 1000)
    const easy = await streamFor(page, easyRate, EASY_SECONDS)
    await click(page, 'Disconnect')
    await click(page, 'Clear')
    const stream = await streamFor(page, RATE, STREAM_SECONDS)
    const afterStream = await messageCount(page)

    const fillStart = Date.now()
    for (let count = afterStream; count < TARGET_MESSAGES; count = await messageCount(page)) {
      if (Date.now() - fillStart > FILL_TIMEOUT_MS) throw new Error(`the log reached only ${count} messages in ${FILL_TIMEOUT_MS / 60_000} minutes`)
      process.stderr.write(`\rfilling the log: ${count.toLocaleString('en-US')} messages`)
      await sleep(2000)
    }
    process.stderr.write('\n')
    await click(page, 'Disconnect')
    await sleep(1000)
    const total = await messageCount(page)

    await page.send('HeapProfiler.collectGarbage')
    const { metrics } = await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics')
    const heapUsed = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0
    const heapTotal = metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? 0
    // ArrayBuffer contents (the store's columns and byte slabs) live outside the JS heap.
    const usage = await page.send<{ backingStorageSize?: number }>('Runtime.getHeapUsage')

    await setRecording(page, true)
    const filters = [
      { label: 'text, 1 match ("seq":123456,)', text: '"seq":123456,', regex: false },
      { label: 'text, no match (zzzz)', text: 'zzzz', regex: false },
      { label: 'text, all match (active_users)', text: 'active_users', regex: false },
      { label: 'regex ("delta":-\\d+,)', text: '"delta":-\\d+,', regex: true },
    ]
    const filterTimes = []
    for (const f of filters) filterTimes.push({ ...f, ...(await timeFilter(page, f.text, f.regex)) })
    const filtering = await setRecording(page, false)

    console.log(`Inspector under load: /stream at ${RATE.toLocaleString('en-US')} msg/s, ${SIZE}-byte JSON messages, Chromium ${browser.version()}, 1280×720\n`)
    console.log(
      `a bare page receives (no app, 5 s)        ${Math.round(baseline).toLocaleString('en-US')} msg/s   (this machine's ceiling; the server skips what is not read)`,
    )
    console.log(
      `messages in the log after ${STREAM_SECONDS} s      ${afterStream.toLocaleString('en-US')} (${Math.round(afterStream / STREAM_SECONDS).toLocaleString('en-US')} msg/s)`,
    )
    printSmoothness(`at ${RATE.toLocaleString('en-US')} msg/s`, stream)
    printSmoothness(`at ${easyRate.toLocaleString('en-US')} msg/s (half the bare page's rate, ${EASY_SECONDS} s)`, easy)
    console.log(`JS heap after ${total.toLocaleString('en-US')} messages       ${mb(heapUsed)} used, ${mb(heapTotal)} allocated   target < 600 MB`)
    if (usage.backingStorageSize !== undefined)
      console.log(`ArrayBuffer backing stores (outside heap)  ${mb(usage.backingStorageSize)} (message columns and payload slabs)`)
    for (const f of filterTimes)
      console.log(
        `filter 1,000,000: ${f.label.padEnd(34)} ${f.ms.toFixed(0).padStart(4)} ms   (${f.shown.split(' · ')[0]})${f.regex ? '' : '   target < 300 ms'}`,
      )
    console.log(
      `longest task while filtering              ${filtering.tasks.length ? `${Math.max(...filtering.tasks).toFixed(0)} ms` : '< 50 ms (no long task)'}`,
    )
  } finally {
    await browser.close()
    server.kill()
  }
}
