/**
 * Screenshots of every inspector view at 1280×720, light and dark, into
 * test-results/inspector-screens/ — to look at, not compared pixel by pixel.
 */
import { connect, expect, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'

test.use({ viewport: { width: 1280, height: 720 } })

const SIDE_TABS = ['Payload', 'Frames', 'Compression', 'Close', 'Handshake', 'Timeline', 'Control']

for (const mode of ['Direct', 'Through tap'] as const) {
  test(`every view, ${mode}, light and dark`, async ({ page }) => {
    await page.goto('/')
    await connect(page, wsUrl(page, '/echo'), mode)
    await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
    await send(page, 'Text', 'Hello, wsinspect!')
    await send(page, 'Binary (hex)', '00 01 02 03 fe ff')
    await send(page, 'JSON', '{"type":"subscribe","channels":["ticker","trades"],"id":7}')
    await expect(rows(page)).toHaveCount(6)
    await rows(page).nth(4).click()
    const slug = mode === 'Direct' ? 'direct' : 'tap'
    for (const theme of ['light', 'dark']) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /^Switch to/ }).click()
      for (const tab of SIDE_TABS) {
        await sideTab(page, tab).click()
        // Monaco and the charts settle within a frame or two.
        await page.waitForTimeout(300)
        await page.screenshot({ path: `test-results/inspector-screens/${slug}-${theme}-${tab.toLowerCase()}.png` })
      }
    }
  })
}

test('a close explained, and a failure explained, light and dark', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/scenario/close-1008'))
  await rows(page).filter({ hasText: '1008 Policy Violation' }).click()
  await sideTab(page, 'Close').click()
  await expect(page.getByRole('tabpanel')).toContainText('wasClean: true')
  for (const theme of ['light', 'dark']) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /^Switch to/ }).click()
    await page.screenshot({ path: `test-results/inspector-screens/close-${theme}.png` })
  }
  await connect(page, 'localhost:1/echo')
  await page.screenshot({ path: 'test-results/inspector-screens/failure-dark.png' })
})
