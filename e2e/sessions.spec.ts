/**
 * The sessions page end to end: captures and HAR files imported through the page's worker,
 * the sessions saved in IndexedDB and still there after a reload, opened in the inspector
 * with their real frames, renamed, deleted, exported and imported back. Screenshots of the
 * page and of an imported session at 1280×720, light and dark, go to test-results/sessions-screens/.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { synthesisePcap } from '../bench/import-pcap.ts'
import type { Page } from '@playwright/test'
import { expect, rows, sideTab, test } from './inspector-fixtures.ts'

const testdata = (name: string) => `src/importers/testdata/${name}`

async function importFile(page: Page, name: string): Promise<void> {
  await page.getByLabel('Import file', { exact: true }).setInputFiles(testdata(name))
  await expect(page.getByRole('region', { name: 'Import report' })).toContainText(`Imported ${name.split('/').pop()}`)
}

const savedTable = (page: Page) => page.getByRole('table', { name: 'Saved sessions' })
const savedRow = (page: Page, name: string | RegExp) => savedTable(page).getByRole('row').filter({ hasText: name })

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /^Switch to/ }).click()
}

test.beforeEach(async ({ page }) => {
  await page.goto('/#/sessions')
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible()
})

test('a pcap imports into saved sessions that survive a reload and open in the inspector with real frames', async ({ page }) => {
  await importFile(page, 'ws-plain.pcap')
  const report = page.getByRole('region', { name: 'Import report' })
  await expect(page.getByTestId('import-summary')).toContainText('pcap capture')
  await expect(page.getByTestId('import-summary')).toContainText('1 session, 1 TCP connection')
  await expect(report.getByRole('row').filter({ hasText: 'WebSocket' })).toContainText('127.0.0.1:39680 → 127.0.0.1:18081')
  const url = 'ws://127.0.0.1:18081/fixture?variant=plain'
  await expect(savedRow(page, url)).toHaveCount(1)
  await expect(savedRow(page, url)).toContainText('Capture')
  await expect(savedRow(page, url)).toContainText('14')

  await page.reload()
  await expect(savedRow(page, url)).toHaveCount(1)
  await expect(page.getByTestId('storage-use')).toContainText('1 saved session')

  await savedRow(page, url)
    .getByRole('button', { name: `Open ${url}` })
    .click()
  await expect(page).toHaveURL(/#\/$/)
  await expect(page.getByRole('group', { name: 'Session' })).toContainText('read-only · real frames')
  await expect(page.getByRole('tablist', { name: 'Connections' }).getByRole('tab', { name: url, selected: true })).toBeVisible()
  await expect(rows(page)).toHaveCount(14)
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toHaveCount(0)
  await rows(page).nth(1).click()
  await sideTab(page, 'Frames').click()
  await expect(page.getByRole('tabpanel')).toContainText('real, from the wire')
  await sideTab(page, 'Handshake').click()
  await expect(page.getByRole('tabpanel')).toContainText(/All \d+ checks pass/)
  await expect(page.getByRole('tabpanel')).toContainText('GET /fixture?variant=plain HTTP/1.1')
})

test('a capture with a lost segment says where decoding resumed, and the messages after the gap are there', async ({ page }) => {
  await importFile(page, 'tcp-gap.pcap')
  const report = page.getByRole('region', { name: 'Import report' })
  await expect(report).toContainText('13 bytes missing at stream offset 3,148')
  await expect(report).toContainText('WebSocket decoding resumed right after it')
  await savedTable(page)
    .getByRole('button', { name: /^Open / })
    .first()
    .click()
  // The server's messages after the gap, down to its Close, were decoded.
  await expect(rows(page).filter({ hasText: '↓ received' }).filter({ hasText: '1000 Normal Closure' })).toHaveCount(1)
})

test('a TLS capture lists its connection by server name, not decodable without keys', async ({ page }) => {
  await importFile(page, 'wss-tls.pcapng')
  const report = page.getByRole('region', { name: 'Import report' })
  const tls = report.getByRole('row').filter({ hasText: 'TLS' })
  await expect(tls).toContainText('127.0.0.1:45760 → 127.0.0.1:18086')
  await expect(tls).toContainText('TLS: not decodable without keys')
  await expect(tls).toContainText('server name (SNI): wsinspect.test')
  await expect(report.getByRole('list', { name: 'Warnings' })).toContainText('pcapng block of type 0x00000005 skipped')
  await expect(savedRow(page, 'TLS 127.0.0.1:18086 (wsinspect.test)')).toHaveCount(1)
})

for (const [file, error, messages] of [
  ['truncated.pcapng', 'truncated pcapng block at byte 6,104: 50,276 bytes declared, 41,442 present', 10],
  ['bad-block-length.pcapng', 'pcapng enhanced packet block at byte 1,508: block length 8 is shorter than the 12-byte minimum', 2],
] as const) {
  test(`a corrupt capture (${file}) says what is wrong and where, and keeps what was read`, async ({ page }) => {
    await importFile(page, file)
    await expect(page.getByRole('region', { name: 'Import report' }).getByRole('alert')).toContainText(error)
    await expect(page.getByTestId('import-summary')).toContainText('1 session')
    await expect(savedRow(page, 'ws://127.0.0.1:18081/fixture?variant=plain')).toContainText(` ${messages}`)
  })
}

test('a HAR from Chrome imports with its handshake headers and messages', async ({ page }) => {
  await importFile(page, 'chrome.har')
  await expect(page.getByTestId('import-summary')).toContainText('HAR log')
  await expect(page.getByRole('list', { name: 'Warnings' })).toContainText('1 HAR entry skipped: not WebSocket connections')
  const url = 'ws://localhost:8080/chat?room=1'
  await expect(savedRow(page, url)).toContainText('HAR')
  await savedRow(page, url)
    .getByRole('button', { name: `Open ${url}` })
    .click()
  await expect(rows(page)).toHaveCount(7)
  await rows(page).first().click()
  await sideTab(page, 'Frames').click()
  await expect(page.getByRole('tabpanel')).toContainText('this session has messages, not frames')
  await sideTab(page, 'Handshake').click()
  await expect(page.getByRole('tabpanel')).toContainText('Sec-WebSocket-Key')
})

test('a large capture shows its report as soon as it is parsed, with a saving bar, and opens once saved', async ({ page }, info) => {
  const file = info.outputPath('large.pcap')
  writeFileSync(file, synthesisePcap(30 * 1024 * 1024).bytes)
  // Every state the report passes through, however briefly: saving may be quick.
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { seen: string[] }).seen = seen
    new MutationObserver(() => {
      const report = document.querySelector('section[aria-label="Import report"]')
      const bar = report?.querySelector('progress[aria-label="Saving sessions"]')
      const disabledOpen = report?.querySelector('button[aria-label^="Open "]:disabled')
      if (bar && disabledOpen) seen.push(bar.getAttribute('aria-valuetext') ?? '')
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  })
  await page.getByLabel('Import file', { exact: true }).setInputFiles(file)
  const report = page.getByRole('region', { name: 'Import report' })
  await expect(report).toContainText('Imported large.pcap', { timeout: 60_000 })
  await expect(report.getByRole('progressbar', { name: 'Saving sessions' })).toBeHidden({ timeout: 60_000 })
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
  expect(seen[0]).toBe('Saving… 0%')
  expect(seen.every((text) => /^Saving… \d+%$/.test(text))).toBe(true)
  await expect(page.getByTestId('import-summary')).toContainText(/4 sessions.*saved in/)
  await expect(report.getByRole('button', { name: /^Open / })).toHaveCount(4)
  for (const open of await report.getByRole('button', { name: /^Open / }).all()) await expect(open).toBeEnabled()
  await expect(savedTable(page).getByRole('row')).toHaveCount(5)
})

test('an unrecognised file is refused in words', async ({ page }) => {
  await page.getByLabel('Import file', { exact: true }).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await expect(page.getByRole('region', { name: 'Import report' }).getByRole('alert')).toContainText(
    'unrecognised file: it starts with 68 65 6c 6c, which is not pcap, pcapng, HAR or wsinspect JSON',
  )
})

test('rename and delete, each surviving a reload', async ({ page }) => {
  await importFile(page, 'ws-deflate.pcapng')
  const url = 'ws://127.0.0.1:18082/fixture?variant=deflate'
  await savedRow(page, url)
    .getByRole('button', { name: `Rename ${url}` })
    .click()
  const input = page.getByRole('textbox', { name: `New name for ${url}` })
  await input.fill('Deflate <b>fixture</b>')
  await input.press('Enter')
  // Names are text: the markup shows as typed.
  await expect(savedRow(page, 'Deflate <b>fixture</b>')).toHaveCount(1)
  await page.reload()
  await expect(savedRow(page, 'Deflate <b>fixture</b>')).toHaveCount(1)
  await savedRow(page, 'Deflate <b>fixture</b>').getByRole('button', { name: 'Delete Deflate <b>fixture</b>' }).click()
  await page.getByRole('group', { name: 'Delete Deflate <b>fixture</b>?' }).getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByText('No saved sessions yet')).toBeVisible()
  await page.reload()
  await expect(page.getByText('No saved sessions yet')).toBeVisible()
})

test('export as JSON, import that file, and get the same session; HAR exports too', async ({ page }, info) => {
  await importFile(page, 'ws-deflate.pcapng')
  const url = 'ws://127.0.0.1:18082/fixture?variant=deflate'
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    savedRow(page, url)
      .getByRole('button', { name: `Export ${url} as JSON` })
      .click(),
  ])
  expect(json.suggestedFilename()).toBe('ws-127.0.0.1-18082-fixture-variant-deflate.wsinspect.json')
  const exported = info.outputPath('exported.wsinspect.json')
  await json.saveAs(exported)
  await page.getByLabel('Import file', { exact: true }).setInputFiles(exported)
  await expect(page.getByTestId('import-summary')).toContainText('wsinspect session JSON')
  await expect(savedRow(page, url)).toHaveCount(2)
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    savedRow(page, url)
      .first()
      .getByRole('button', { name: `Export ${url} as JSON` })
      .click(),
  ])
  const reexported = info.outputPath('reexported.wsinspect.json')
  await again.saveAs(reexported)
  expect(JSON.parse(readFileSync(reexported, 'utf8'))).toEqual(JSON.parse(readFileSync(exported, 'utf8')))

  const [har] = await Promise.all([
    page.waitForEvent('download'),
    savedRow(page, url)
      .first()
      .getByRole('button', { name: `Export ${url} as HAR` })
      .click(),
  ])
  expect(har.suggestedFilename()).toBe('ws-127.0.0.1-18082-fixture-variant-deflate.har')
  const harPath = info.outputPath('exported.har')
  await har.saveAs(harPath)
  const log = JSON.parse(readFileSync(harPath, 'utf8'))
  expect(log.log.version).toBe('1.2')
  expect(log.log.entries[0]._webSocketMessages.length).toBe(14)
})

test('a live connection saved from the inspector is listed, and a decoded paste too', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await page.getByRole('button', { name: 'Save session' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Saved as/ })).toBeVisible()
  await page.goto('/#/decoder?from=server&z=szBUMDBSMLNQMLNUsLAAsQ2MFVJTAA')
  await expect(page.getByTestId('decode-counts')).toBeVisible()
  await page.getByRole('button', { name: 'Save as session' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Saved as “Decoded paste/ })).toBeVisible()
  await page.goto('/#/sessions')
  await expect(savedRow(page, 'Live, direct')).toHaveCount(1)
  await expect(savedRow(page, 'Decoded paste')).toHaveCount(1)
  await savedRow(page, 'Decoded paste')
    .getByRole('button', { name: /^Open / })
    .click()
  await rows(page).first().click()
  await sideTab(page, 'Frames').click()
  await expect(page.getByRole('tabpanel')).toContainText('real, from the wire')
})

test('a tapped connection saved from the inspector keeps its real frames, fetched from the companion server', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('textbox', { name: 'URL' }).fill(`ws://${new URL(page.url()).host}/scenario/fragmented-text-with-ping`)
  await page.getByRole('radio', { name: 'Through tap' }).check()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(rows(page).filter({ hasText: 'Hello, fragmented world' })).toHaveCount(1)
  await page.getByRole('button', { name: 'Save session' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Saved as/ })).toBeVisible()
  await page.goto('/#/sessions')
  await savedRow(page, 'Live, tap')
    .getByRole('button', { name: /^Open / })
    .click()
  await rows(page).filter({ hasText: 'Hello, fragmented world' }).click()
  await sideTab(page, 'Frames').click()
  await expect(page.getByRole('tabpanel')).toContainText('Frame 3 of 3 · real, from the wire · server → client')
})

test('screenshots: the sessions page and an imported session, light and dark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await importFile(page, 'wss-tls.pcapng')
  await importFile(page, 'chrome.har')
  await importFile(page, 'ws-deflate.pcapng')
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await page.screenshot({ path: `test-results/sessions-screens/sessions-${theme}.png` })
  }
  const url = 'ws://127.0.0.1:18082/fixture?variant=deflate'
  await savedRow(page, url)
    .getByRole('button', { name: `Open ${url}` })
    .click()
  await rows(page).nth(2).click()
  await sideTab(page, 'Frames').click()
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await page.waitForTimeout(200)
    await page.screenshot({ path: `test-results/sessions-screens/inspector-session-${theme}.png` })
  }
})
