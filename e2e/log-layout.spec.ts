/** The inspector's layout moves: columns, the log/details split, the composer, and Tab out of Monaco. */
import { connect, expect, grid, rows, send, test, wsUrl } from './inspector-fixtures.ts'
import type { Page } from '@playwright/test'

const headers = (page: Page) => grid(page).getByRole('columnheader')

async function withMessages(page: Page): Promise<void> {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await send(page, 'Text', 'layout')
  await expect(rows(page)).toHaveCount(2)
}

test('columns: show, hide, reorder and resize; remembered after a reload; reset', async ({ page }) => {
  await withMessages(page)
  await expect(headers(page)).toHaveText(['#', 'Time', 'Δ', 'Direction', 'Type', 'Size', 'Protocol', 'Summary', 'Preview'])
  await page.getByRole('button', { name: 'Columns' }).click()
  const chooser = page.getByRole('dialog', { name: 'Columns' })
  await chooser.getByRole('checkbox', { name: 'Direction' }).uncheck()
  await chooser.getByRole('checkbox', { name: 'Since connect' }).check()
  await chooser.getByRole('button', { name: 'Move Time right' }).click()
  await page.keyboard.press('Escape')
  await expect(chooser).toBeHidden()
  await expect(headers(page)).toHaveText(['#', 'Since', 'Time', 'Δ', 'Type', 'Size', 'Protocol', 'Summary', 'Preview'])
  await expect(rows(page).first().getByRole('gridcell')).toHaveCount(9)

  // A header dragged onto another takes its place.
  await headers(page)
    .filter({ hasText: 'Protocol' })
    .locator('.column-label')
    .dragTo(headers(page).filter({ hasText: '#' }))
  await expect(headers(page).first()).toHaveText('Protocol')

  const resizer = page.getByRole('separator', { name: 'Resize Time column' })
  const before = Number(await resizer.getAttribute('aria-valuenow'))
  await resizer.focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(resizer).toHaveAttribute('aria-valuenow', String(before + 16))
  const width = await headers(page)
    .filter({ hasText: 'Time' })
    .evaluate((e) => e.getBoundingClientRect().width)
  expect(width).toBe(before + 16)

  await page.reload()
  await expect(headers(page)).toHaveText(['Protocol', '#', 'Since', 'Time', 'Δ', 'Type', 'Size', 'Summary', 'Preview'])
  await expect(page.getByRole('separator', { name: 'Resize Time column' })).toHaveAttribute('aria-valuenow', String(before + 16))

  await page.getByRole('button', { name: 'Columns' }).click()
  await page.getByRole('button', { name: 'Reset columns' }).click()
  await expect(headers(page)).toHaveText(['#', 'Time', 'Δ', 'Direction', 'Type', 'Size', 'Protocol', 'Summary', 'Preview'])
})

test('the split between log and details moves by keyboard and is remembered', async ({ page }) => {
  await page.goto('/')
  const split = page.getByRole('separator', { name: 'Resize the details panel' })
  const details = page.locator('.inspector-side')
  const start = Number(await split.getAttribute('aria-valuenow'))
  expect(start).toBe(Math.round((await details.boundingBox())!.width))
  await split.focus()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect(split).toHaveAttribute('aria-valuenow', String(start + 32))
  expect(Math.round((await details.boundingBox())!.width)).toBe(start + 32)
  // Dragged with the mouse: 50 px to the right narrows the details by as much.
  const box = (await split.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 100)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 50, box.y + 100, { steps: 4 })
  await page.mouse.up()
  await expect(split).toHaveAttribute('aria-valuenow', String(start - 18))
  await page.reload()
  await expect(page.getByRole('separator', { name: 'Resize the details panel' })).toHaveAttribute('aria-valuenow', String(start - 18))
})

test('the composer folds away while monitoring, and stays folded after a reload', async ({ page }) => {
  await withMessages(page)
  const toggle = page.getByRole('button', { name: 'Composer' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const logHeight = (await grid(page).boundingBox())!.height
  await toggle.click()
  await expect(page.getByRole('button', { name: 'Composer' })).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeHidden()
  expect((await grid(page).boundingBox())!.height).toBeGreaterThan(logHeight + 100)
  await page.reload()
  await expect(page.getByRole('button', { name: 'Composer' })).toHaveAttribute('aria-expanded', 'false')
  await page.getByRole('button', { name: 'Composer' }).click()
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible()
})

test('Escape then Tab leaves the Monaco composer; Tab alone indents', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByText('Esc then Tab leaves the editor')).toBeVisible()
  const editor = page.locator('.compose .monaco-editor')
  await editor.locator('.view-lines').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.press('Tab')
  const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.compose .monaco-editor'))
  expect(await inEditor()).toBe(true)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  expect(await inEditor()).toBe(false)
  await expect(page.getByRole('combobox', { name: 'Protocol template' })).toBeFocused()
})
