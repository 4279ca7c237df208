/**
 * Facts the inspector must get right at a glance: numbers read one way, labels are words, a
 * close the user asked for is no error, and each connection attempt keeps its own timeline.
 */
import { watchErrors } from './console-errors.ts'
import { connect, expect, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'

test('sizes read one way: exact bytes in prose, compact in the columns with the exact figure on hover (64 KiB)', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/scenario/length-65536'))
  const row = rows(page).filter({ hasText: 'binary' })
  await expect(row.locator('.cell-size span')).toHaveText('64 KiB')
  await expect(row.locator('.cell-size span')).toHaveAttribute('title', '65,536 bytes')
  await row.click()
  await sideTab(page, 'Payload').click()
  await expect(page.getByRole('tabpanel').locator('.message-summary')).toContainText('binary · 65,536 bytes ·')
})

test('a close the user asked for (4001) is not painted as an error; a 1008 is', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await send(page, 'Text', 'hello')
  await sideTab(page, 'Control').click()
  await page.getByRole('spinbutton', { name: 'Close code' }).fill('4001')
  await page.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'CLOSED (3)' })).toBeVisible()
  const tag = (r: ReturnType<typeof rows>) => r.locator('.type-tag')
  const text = rows(page).filter({ hasText: 'hello' }).first()
  const closes = rows(page).filter({ has: page.locator('.type-close') })
  await expect(closes).toHaveCount(2)
  const plain = await tag(text).evaluate((e) => getComputedStyle(e).color)
  for (const close of await closes.all()) await expect(tag(close)).toHaveCSS('color', plain)
  await expect(page.locator('.connect-error')).toHaveCount(0)

  await connect(page, wsUrl(page, '/scenario/close-1008'))
  const violation = rows(page).filter({ hasText: '1008' })
  await expect(tag(violation)).not.toHaveCSS('color', plain)
})

test('labels read as words: "deflated" sizes in the decoder, readyState names never cut', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await page.getByRole('radio', { name: 'server → client' }).click()
  await page.getByRole('textbox', { name: 'Extensions' }).fill('permessage-deflate')
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.insertText('c1 07 f2 48 cd c9 c9 07 00')
  const message = page.getByRole('listbox', { name: 'Messages' }).getByRole('option')
  await expect(message).toContainText('5 B deflated')
  await expect(message).not.toContainText('(z)')
  expect(errors).toEqual([])

  // A short-lived CONNECTING span on a long band: its name shows whole or not at all.
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await page.waitForTimeout(1500)
  await sideTab(page, 'Timeline').click()
  const spans = page.locator('.band .span')
  await expect(spans.first()).toBeVisible()
  for (const span of await spans.all()) {
    const cut = await span.evaluate((e) => {
      const box = e.getBoundingClientRect()
      const range = document.createRange()
      range.selectNodeContents(e)
      const text = range.getBoundingClientRect()
      // Visible text must fit; text wrapped below the band is hidden, not cut.
      return text.top < box.bottom && text.right > box.right + 0.5
    })
    expect(cut, `${await span.textContent()} is cut`).toBe(false)
  }
})

test('each attempt has its own timeline; all of them on demand', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await send(page, 'Text', 'first')
  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'CLOSED (3)' })).toBeVisible()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await sideTab(page, 'Timeline').click()
  const panel = page.getByRole('tabpanel')
  const events = panel.locator('.event-table tbody tr')
  await expect(panel.getByRole('combobox', { name: 'Connection attempt' }).locator('option:checked')).toHaveText(/^Attempt 2 of 2 · /)
  await expect(events.filter({ hasText: 'new WebSocket()' })).toHaveCount(1)
  await expect(events.filter({ hasText: 'close' })).toHaveCount(0)
  await panel.getByRole('checkbox', { name: 'All attempts' }).check()
  await expect(events.filter({ hasText: 'new WebSocket()' })).toHaveCount(2)
})
