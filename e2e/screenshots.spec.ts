import { test, expect } from '@playwright/test'
import { watchErrors } from './console-errors.ts'

/** Every page at 1280×720 in both themes, for people to look at (test-results/screens/). */
const PAGES = [
  { name: 'decoder', url: '/#/decoder?from=server&z=szBUMDBSMLNQMLNUsLAAsQ2MFVJTAA', ready: 'decode-counts' },
  { name: 'handshake', url: '/#/handshake', ready: 'handshake-verdict' },
  { name: 'learn', url: '/#/learn', ready: 'polling-bytes' },
]

test.use({ viewport: { width: 1280, height: 720 } })

for (const theme of ['light', 'dark'] as const) {
  for (const p of PAGES) {
    test(`screenshot: ${p.name}, ${theme}`, async ({ page }) => {
      const errors = watchErrors(page)
      await page.addInitScript((t) => localStorage.setItem('wsinspect.theme', JSON.stringify({ state: { theme: t }, version: 0 })), theme)
      await page.goto(p.url)
      await expect(page.getByTestId(p.ready)).toBeVisible()
      await expect(page.locator('.monaco-editor').first()).toBeVisible()
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      // The theme reaches the page, not only the attribute: light pages are light, dark ones dark.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      const [r, g, b] = background.match(/\d+/g)!.map(Number)
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
      expect(theme === 'dark' ? luminance < 0.3 : luminance > 0.7, `${theme} page background ${background}`).toBe(true)
      const png = await page.screenshot({ path: `test-results/screens/${p.name}-${theme}.png` })
      expect(png.byteLength).toBeGreaterThan(10_000)
      expect(errors).toEqual([])
    })
  }
}
