import { launchChromium, startServer } from './browser-bench.ts'
const PORT = 4892
const server = await startServer(PORT)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  const cdp = await page.context().newCDPSession(page)
  await page.goto(`http://127.0.0.1:${PORT}/`)
  await page.getByRole('textbox', { name: 'URL' }).fill(`ws://127.0.0.1:${PORT}/stream?rate=${process.env.RATE ?? 20000}&size=256`)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await page.waitForTimeout(3000)
  const events: any[] = []
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value))
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' } as any)
  await page.waitForTimeout(5000)
  await cdp.send('Tracing.end')
  await done
  const mainTid = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' && events.some((x) => x.tid === e.tid && x.name === 'FireAnimationFrame'))?.tid
  const onMain = events.filter((e) => e.tid === mainTid && e.ph === 'X')
  const tasks = onMain.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur - a.dur).slice(0, 6)
  for (const t of tasks) {
    console.log('TASK', (t.dur / 1000).toFixed(1))
    for (const c of onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 2000)) console.log('   ', c.name, (c.dur / 1000).toFixed(1), JSON.stringify(c.args?.data ?? {}).slice(0, 120))
  }
  const threads = new Map<number, number>()
  for (const e of events) if (e.ph === 'X' && e.name === 'RunTask') threads.set(e.tid, (threads.get(e.tid) ?? 0) + e.dur)
  for (const [tid, d] of threads) console.log('thread', tid, events.find((e) => e.name === 'thread_name' && e.tid === tid)?.args.name, (d / 1000).toFixed(0), 'ms')
  const byName = new Map<string, { n: number; dur: number; max: number }>()
  for (const e of events) if (e.ph === 'X' && e.dur) { const k = e.name; const v = byName.get(k) ?? { n: 0, dur: 0, max: 0 }; v.n++; v.dur += e.dur; v.max = Math.max(v.max, e.dur); byName.set(k, v) }
  for (const [k, v] of [...byName].sort((a, b) => b[1].dur - a[1].dur).slice(0, 25)) console.log(k.padEnd(40), v.n, (v.dur / 1000).toFixed(0), 'ms max', (v.max / 1000).toFixed(1))
  const layouts = events.filter((e) => e.name === 'Layout' && e.ph === 'X').sort((a, b) => b.dur - a.dur).slice(0, 8)
  for (const l of layouts) console.log('layout', (l.dur / 1000).toFixed(1), JSON.stringify(l.args).slice(0, 300))
  const styles = events.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X').sort((a, b) => b.dur - a.dur).slice(0, 5)
  for (const l of styles) console.log('style', (l.dur / 1000).toFixed(1), JSON.stringify(l.args).slice(0, 300))
} finally { await browser.close(); server.kill() }
