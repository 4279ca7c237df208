/** Two selected messages compared in Monaco's diff editor. */
import { connect, expect, rows, send, test, wsUrl } from './inspector-fixtures.ts'

test('Diff compares two selected messages side by side, and closes with Escape', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await send(page, 'JSON', '{"op":"subscribe","channel":"ticker","id":1}')
  await send(page, 'JSON', '{"op":"subscribe","channel":"trades","id":2}')
  await expect(rows(page)).toHaveCount(4)
  await rows(page).nth(0).click()
  await expect(page.getByRole('button', { name: 'Diff' })).toBeHidden()
  await rows(page)
    .nth(2)
    .click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('toolbar', { name: 'Selected rows' }).getByRole('button', { name: 'Diff' }).click()

  const dialog = page.getByRole('dialog', { name: 'Compare #1 and #3' })
  await expect(dialog).toBeVisible()
  const diff = dialog.getByRole('group', { name: 'Payload differences' })
  await expect(diff.getByRole('textbox', { name: /^#1 ↑ sent/ })).toBeAttached()
  await expect(diff.getByRole('textbox', { name: /^#3 ↑ sent/ })).toBeAttached()
  // Pretty-printed JSON: the changed keys are changed lines.
  await expect(diff.locator('.editor.original')).toContainText('"channel": "ticker"')
  await expect(diff.locator('.editor.modified')).toContainText('"channel": "trades"')
  await expect(diff.locator('.editor.modified .line-insert')).toHaveCount(2)

  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: 'Diff' }).click()
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
})
