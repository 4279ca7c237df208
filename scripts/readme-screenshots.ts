/**
 * Takes the README's screenshots (docs/images/) in Debian's Chromium: the Inspector streaming
 * through the tap with a message's frames open, and the Decoder on a compressed capture.
 * Run: node --import tsx scripts/readme-screenshots.ts (it starts its own server on port 4472).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.ts'

const PORT = Number(process.env.SCREENSHOT_PORT ?? 4472)
const ORIGIN = `http://127.0.0.1:${PORT}`
const server = spawn(process.execPath, ['bin/wsinspect.mjs', 'serve', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] })
let out = ''
server.stdout.on('data', (d) => (out += d))
while (!out.includes('running at')) await once(server.stdout, 'data')
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 })
  await page.goto(`${ORIGIN}/`)
  await page.getByRole('textbox', { name: 'URL' }).fill(`ws://127.0.0.1:${PORT}/stream?rate=4&size=160`)
  await page.getByRole('radio', { name: 'Through tap' }).check()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  const rows = page
    .getByRole('grid', { name: 'Messages' })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') })
  await rows.nth(11).waitFor()
  await page
    .getByRole('button', { name: 'Pause' })
    .click()
    .catch(() => {})
  await rows.nth(8).click()
  await page.getByRole('tablist', { name: 'Details' }).getByRole('tab', { name: 'Frames', exact: true }).click()
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'docs/images/inspector.png' })

  await page.goto(`${ORIGIN}/#/decoder?from=server&z=szBUMDBSMLNQMLNUsLAAsQ2MFVJTAA`)
  await page.getByTestId('decode-counts').waitFor()
  await page.locator('.monaco-editor').first().waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'docs/images/decoder.png' })
} finally {
  await browser.close()
  server.kill('SIGINT')
}
