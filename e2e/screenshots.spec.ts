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
      await page.screenshot({ path: `test-results/screens/${p.name}-${theme}.png` })
      expect(errors).toEqual([])
    })
  }
}
