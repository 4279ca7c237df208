/**
 * The inspector (with traffic), the decoder and the sessions page at 1280×720 and 1920×1080,
 * into test-results/layout-screens/ for people to look at — and checked for what looking found:
 * no page leaves half the window empty, and the log's Summary and Preview get room to read.
 */
import type { Page } from '@playwright/test'
import { connect, expect, grid, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]

/** The right edge of the page's content, as a share of the window's width. */
async function filledWidth(page: Page, selector: string): Promise<number> {
  return page.evaluate((s) => {
    let right = 0
    for (const el of document.querySelectorAll(`${s} *`)) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.height > 0) right = Math.max(right, r.right)
    }
    return right / window.innerWidth
  }, selector)
}

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`
  test.describe(name, () => {
    test.use({ viewport: size })

    test(`inspector with traffic, ${name}`, async ({ page }) => {
      await page.goto('/')
      await connect(page, wsUrl(page, '/echo'))
      await send(page, 'Text', 'Hello, wsinspect!')
      await send(page, 'JSON', '{"type":"subscribe","channels":["ticker","trades"],"id":7}')
      await send(page, 'Binary (hex)', '00 01 02 03 fe ff')
      await send(page, 'JSON', '{"type":"ticker","symbol":"BTC-USD","price":"97312.50","volume_24h":"18233.1","sequence":4481}')
      await expect(rows(page)).toHaveCount(8)
      await rows(page).nth(3).click()
      await sideTab(page, 'Payload').click()
      await expect(page.getByRole('tabpanel').locator('.monaco-editor')).toBeVisible()
      await page.waitForTimeout(300)
      await page.screenshot({ path: `test-results/layout-screens/inspector-${name}.png` })

      // Log and details share the window; the preview and summary are wide enough to read.
      const log = (await grid(page).boundingBox())!
      const details = (await page.locator('.inspector-side').boundingBox())!
      expect(log.width + details.width).toBeGreaterThan(size.width * 0.93)
      expect(log.width).toBeGreaterThan(details.width)
      for (const column of ['Summary', 'Preview']) {
        const header = (await grid(page).getByRole('columnheader', { name: column }).boundingBox())!
        expect(header.width, `${column} at ${name}`).toBeGreaterThanOrEqual(size.width >= 1920 ? 300 : 140)
      }
      // No column is cut: every fixed column's header text fits.
      const cut = await grid(page)
        .getByRole('columnheader')
        .evaluateAll((hs) =>
          hs.filter((h) => h.querySelector('.column-label')!.scrollWidth > h.querySelector('.column-label')!.clientWidth).map((h) => h.textContent),
        )
      expect(cut).toEqual([])
    })

    test(`decoder, ${name}`, async ({ page }) => {
      await page.goto('/#/decoder?from=server&z=szBUMDBSMLNQMLNUsLAAsQ2MFVJTAA')
      await expect(page.getByTestId('decode-counts')).toBeVisible()
      await expect(page.locator('.monaco-editor').first()).toBeVisible()
      await page.waitForTimeout(300)
      await page.screenshot({ path: `test-results/layout-screens/decoder-${name}.png` })
      expect(await filledWidth(page, 'main')).toBeGreaterThan(0.9)
    })

    test(`sessions, ${name}`, async ({ page }) => {
      await page.goto('/#/sessions')
      await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible()
      for (const file of ['chrome.har', 'ws-deflate.pcapng']) {
        await page.getByLabel('Import file', { exact: true }).setInputFiles(`src/importers/testdata/${file}`)
        await expect(page.getByRole('region', { name: 'Import report' })).toContainText(`Imported ${file}`)
      }
      await page.waitForTimeout(300)
      await page.screenshot({ path: `test-results/layout-screens/sessions-${name}.png` })
      expect(await filledWidth(page, 'main')).toBeGreaterThan(0.9)
    })
  })
}
