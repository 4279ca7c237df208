/** Several rows selected (Shift/Ctrl-click, Shift+arrows, Ctrl+A) and copied as lines. */
import { connect, expect, grid, rows, send, test, wsUrl } from './inspector-fixtures.ts'
import type { Page } from '@playwright/test'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())
const selected = (page: Page) => grid(page).getByRole('row', { selected: true })

test('select rows with Shift and Ctrl, by mouse and keyboard, and copy them as text or JSON lines', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  for (const body of ['one', 'two', 'three']) await send(page, 'Text', body)
  await expect(rows(page)).toHaveCount(6)
  await expect(grid(page)).toHaveAttribute('aria-multiselectable', 'true')

  await rows(page).nth(0).click()
  await rows(page)
    .nth(2)
    .click({ modifiers: ['Shift'] })
  await expect(selected(page)).toHaveCount(3)
  const toolbar = page.getByRole('toolbar', { name: 'Selected rows' })
  await expect(toolbar).toContainText('3 rows selected')
  await toolbar.getByRole('button', { name: 'Copy' }).click()
  await expect.poll(() => clipboard(page)).toMatch(/^1\t[\d:.]+\tsent\ttext\t3\tone\n2\t[\d:.]+\treceived\ttext\t3\tone\n3\t[\d:.]+\tsent\ttext\t3\ttwo$/)

  await rows(page)
    .nth(1)
    .click({ modifiers: ['ControlOrMeta'] })
  await expect(selected(page)).toHaveCount(2)
  await toolbar.getByRole('combobox', { name: 'Copy rows as' }).selectOption('JSON lines')
  await toolbar.getByRole('button', { name: 'Copy' }).click()
  await expect.poll(async () => (await clipboard(page)).split('\n').map((l) => JSON.parse(l).number)).toEqual([1, 3])

  // Keyboard: Shift+arrows extend from the clicked row; Ctrl+A takes every row; Ctrl+C copies.
  await rows(page).nth(3).click()
  await page.keyboard.press('Shift+ArrowDown')
  await page.keyboard.press('Shift+ArrowDown')
  await expect(selected(page)).toHaveCount(3)
  await page.keyboard.press('Shift+ArrowUp')
  await expect(selected(page)).toHaveCount(2)
  await page.keyboard.press('ControlOrMeta+a')
  await expect(selected(page)).toHaveCount(6)
  await page.keyboard.press('ControlOrMeta+c')
  await expect.poll(async () => (await clipboard(page)).split('\n').length).toBe(6)

  // A plain click selects one row again, and the single-message toolbar is back.
  await rows(page).nth(4).click()
  await expect(selected(page)).toHaveCount(1)
  await expect(page.getByRole('toolbar', { name: 'Selected message' })).toBeVisible()
})

test('a filter narrows a selection to the rows it shows', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  for (const body of ['keep 1', 'drop', 'keep 2']) await send(page, 'Text', body)
  await expect(rows(page)).toHaveCount(6)
  await rows(page).nth(0).click()
  await rows(page)
    .nth(5)
    .click({ modifiers: ['Shift'] })
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('keep')
  await expect(page.getByRole('toolbar', { name: 'Selected rows' })).toContainText('4 rows selected')
})
