/** Pins: bookmark rows with the button or P, see them marked, jump between them. */
import { connect, expect, grid, rows, test, wsUrl } from './inspector-fixtures.ts'

test('pin rows by button and by P, see the marker, and jump between pins', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/stream?rate=2000&count=200'))
  await expect(rows(page).filter({ hasText: '"seq":200,' })).toHaveCount(1)
  const selected = grid(page).getByRole('row', { selected: true })
  const pinned = grid(page).getByRole('img', { name: 'pinned' })
  await expect(page.getByRole('group', { name: 'Pins' })).toBeHidden()

  // The last row by button, a row far above it by keyboard.
  await rows(page).filter({ hasText: '"seq":200,' }).click()
  await page.getByRole('button', { name: 'Pin', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Unpin' })).toHaveAttribute('aria-pressed', 'true')
  await expect(selected.getByRole('img', { name: 'pinned' })).toBeVisible()
  await grid(page).focus()
  await page.keyboard.press('Home')
  await expect(selected).toContainText('"seq":1,')
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('p')
  await expect(selected).toContainText('"seq":10,')
  await expect(selected.getByRole('img', { name: 'pinned' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Pins' })).toContainText('2')

  const nextPin = page.getByRole('button', { name: 'Next pin' })
  await nextPin.click()
  await expect(selected).toContainText('"seq":200,')
  await expect(selected).toBeInViewport()
  await nextPin.click()
  await expect(selected).toContainText('"seq":10,')
  await expect(selected).toBeInViewport()
  await page.getByRole('button', { name: 'Previous pin' }).click()
  await expect(selected).toContainText('"seq":200,')
  await grid(page).focus()
  await page.keyboard.press('n')
  await expect(selected).toContainText('"seq":10,')

  // P again unpins.
  await page.keyboard.press('p')
  await expect(pinned).toHaveCount(0)
  await expect(page.getByRole('group', { name: 'Pins' })).toContainText('1')
})
