/**
 * `npm run bench:ui -- import`: a pcap of about BENCH_PCAP_MB (default 100) MB, synthesised as
 * the Node import benchmark does, imported through the sessions page in Chromium: the page's
 * worker parses it and saves its sessions in IndexedDB. Then the largest session is opened in
 * the inspector. Figures, not pass/fail:
 * - from picking the file to the import report (shown as soon as the file is parsed), and to
 *   the sessions saved and listed
 * - the longest main-thread task meanwhile (PerformanceObserver 'longtask', ≥ 50 ms)
 * - the renderer's memory (the page and its workers share one process) before and at its
 *   peak, sampled from /proc every 100 ms
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { launchChromium, startServer } from './browser-bench.ts'
import { synthesisePcap } from './import-pcap.ts'

const PORT = Number(process.env.BENCH_PORT ?? 4591)
const MB = 1024 * 1024
const IMPORT_TIMEOUT_MS = 5 * 60_000

/** Resident memory of every Chromium renderer this process started (their parent chain leads here). */
function rendererRss(): number {
  const parents = new Map<number, number>()
  const renderers: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!pid) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid)
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === process.pid) return true
    return false
  }
  let total = 0
  for (const pid of renderers.filter(ours)) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
    } catch {
      // Gone.
    }
  }
  return total
}

/** Long tasks from now on, and the time of the next 'change' event (the file picked). */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { bench: { tasks: number[]; picked: number } }
    w.bench = { tasks: [], picked: 0 }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.bench.tasks.push(e.duration)
    }).observe({ type: 'longtask' })
    document.addEventListener('change', () => (w.bench.picked = performance.now()), true)
  })
}

/** Milliseconds since the file was picked, and the long tasks since the last call. */
async function since(page: Page): Promise<{ ms: number; tasks: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { bench: { tasks: number[]; picked: number } }
    const tasks = w.bench.tasks
    w.bench.tasks = []
    return { ms: performance.now() - w.bench.picked, tasks }
  })
}

const longest = (tasks: number[]) => (tasks.length ? `${Math.max(...tasks).toFixed(0)} ms (${tasks.length} tasks over 50 ms)` : '< 50 ms (no long task)')

export async function importSection(): Promise<void> {
  const megabytes = Number(process.env.BENCH_PCAP_MB ?? 100)
  const { bytes, packets } = synthesisePcap(megabytes * MB)
  const dir = mkdtempSync(join(tmpdir(), 'wsinspect-bench-'))
  const file = join(dir, 'bench.pcap')
  writeFileSync(file, bytes)
  const server = await startServer(PORT)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.addInitScript('globalThis.__name = (f) => f')
    await page.goto(`http://127.0.0.1:${PORT}/#/sessions`)
    await page.getByText('No saved sessions yet').waitFor()
    await instrument(page)
    const before = rendererRss()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rendererRss())), 100)

    await page.getByLabel('Import file', { exact: true }).setInputFiles(file)
    await page.getByTestId('import-summary').waitFor({ timeout: IMPORT_TIMEOUT_MS })
    const reported = await since(page)
    const summary = await page.getByTestId('import-summary').textContent()
    const sessions = Number(/(\d+) sessions?/.exec(summary ?? '')?.[1] ?? 0)
    await page
      .getByTestId('storage-use')
      .filter({ hasText: `${sessions} saved session` })
      .waitFor()
    const listed = await since(page)
    clearInterval(sampler)
    const stored = await page.getByTestId('storage-use').textContent()

    // The newest session: one of the three large connections (the fourth, compressed, is small).
    const newest = page.getByRole('table', { name: 'Saved sessions' }).getByRole('row').nth(1)
    const size = await newest.locator('td.num').last().textContent()
    await page.evaluate(() => ((window as unknown as { bench: { picked: number } }).bench.picked = performance.now()))
    await newest.getByRole('button', { name: /^Open / }).click()
    await page
      .locator('.log-count')
      .filter({ hasText: /messages/ })
      .waitFor()
    const opened = await since(page)
    const count = await page.locator('.log-count').textContent()

    console.log(
      `Capture import in the browser: ${(bytes.length / MB).toFixed(1)} MB pcap, ${packets.toLocaleString('en-US')} packets, Chromium ${browser.version()}\n`,
    )
    console.log(`import report shown           ${(reported.ms / 1000).toFixed(2)} s after the file was picked   target: under 3 s   (${summary?.trim()})`)
    console.log(`sessions saved and listed     ${(listed.ms / 1000).toFixed(2)} s after the file was picked   (the report shows a saving bar meanwhile)`)
    console.log(`longest main-thread task      ${longest([...reported.tasks, ...listed.tasks])}`)
    console.log(`renderer memory (RSS)         ${(before / MB).toFixed(0)} MB before → ${(peak / MB).toFixed(0)} MB peak (page and import worker, one process)`)
    console.log(`stored                        ${stored?.trim()}`)
    console.log(`open a ${size} session        ${opened.ms.toFixed(0)} ms to the log (${count?.trim()}), longest task ${longest(opened.tasks)}`)
  } finally {
    await browser.close()
    server.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}
