import { launchChromium, startServer } from './browser-bench.ts'
const PORT = 4440
const mode = process.argv[2] as 'Direct' | 'Through tap'
const server = await startServer(PORT)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.addInitScript('globalThis.__name = (f) => f')
  await page.goto(`http://127.0.0.1:${PORT}/`); await page.getByRole('textbox', { name: 'URL' }).waitFor()
  const cdp = await page.context().newCDPSession(page)
  await page.getByRole('textbox', { name: 'URL' }).fill(`ws://127.0.0.1:${PORT}/stream?rate=${process.argv[3] ?? 5000}&size=256`)
  await page.getByRole('radio', { name: mode }).check()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await page.waitForTimeout(8000)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  const t0 = Date.now()
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('"delta":-3,')
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500)
    console.log(((Date.now() - t0) / 1000).toFixed(1), await page.locator('.log-count').textContent())
  }
  const { profile } = await cdp.send('Profiler.stop')
  const self = new Map<string, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const dt = profile.timeDeltas ?? []
  ;(profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
  })
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(0).padStart(7), 'ms', k)
} finally {
  await browser.close()
  server.kill()
}
