import { connect, expect, grid, rows, send, test, wsUrl } from './inspector-fixtures.ts'
import type { Page } from '@playwright/test'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())

test('copy a message as text, JSON, hex, base64 or a decode command; resend it; edit it in the composer', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await send(page, 'Text', 'copy me')
  await expect(rows(page)).toHaveCount(2)
  await rows(page).first().click()

  const copyAs = page.getByRole('combobox', { name: 'Copy as' })
  const copy = page.getByRole('button', { name: 'Copy', exact: true })
  await copy.click()
  await expect.poll(() => clipboard(page)).toBe('copy me')
  await copyAs.selectOption('Hex')
  await copy.click()
  await expect.poll(() => clipboard(page)).toBe('63 6f 70 79 20 6d 65')
  await copyAs.selectOption('Base64')
  await copy.click()
  await expect.poll(() => clipboard(page)).toBe('Y29weSBtZQ==')
  await copyAs.selectOption('JSON')
  await copy.click()
  await expect.poll(async () => JSON.parse(await clipboard(page))).toMatchObject({ number: 1, direction: 'sent', type: 'text', size: 7, text: 'copy me' })
  await copyAs.selectOption('wsinspect decode command')
  await copy.click()
  await expect.poll(() => clipboard(page)).toMatch(/^echo '81 87( [0-9a-f]{2}){11}' \| npx wsinspect decode - --from client$/)

  await page.getByRole('button', { name: 'Resend' }).click()
  await expect(rows(page)).toHaveCount(4)
  await expect(rows(page).filter({ hasText: 'copy me' })).toHaveCount(4)

  await page.getByRole('button', { name: 'Edit in composer' }).click()
  await expect(page.locator('.compose .monaco-editor .view-lines')).toHaveText('copy me')
})

test('/ and Ctrl+F in the log focus the filter', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await send(page, 'Text', 'one')
  await expect(rows(page)).toHaveCount(2)
  const filter = page.getByRole('searchbox', { name: 'Filter messages' })
  await grid(page).focus()
  await page.keyboard.press('/')
  await expect(filter).toBeFocused()
  await expect(filter).toHaveValue('')
  await grid(page).focus()
  await page.keyboard.press('Control+f')
  await expect(filter).toBeFocused()
})
