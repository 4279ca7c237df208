/** A logged message sent again on a new connection (a new tab): as it is, Direct; edited, through the tap. */
import { connect, expect, rows, send, test, wsUrl } from './inspector-fixtures.ts'

test('a logged message is sent again on a new connection, as it is or edited, Direct or through the tap', async ({ page }) => {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'))
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await send(page, 'Text', 'first words')
  await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(1)
  const tabs = page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
  await expect(tabs).toHaveCount(1)

  // As it is, Direct: a second tab opens, sends it, and the echo comes back there.
  await rows(page).filter({ hasText: '↑ sent' }).click()
  await page.getByRole('toolbar', { name: 'Selected message' }).getByRole('button', { name: 'New connection…' }).click()
  let form = page.getByRole('region', { name: 'Send #1 on a new connection' })
  await expect(form.getByRole('textbox', { name: 'New connection URL' })).toHaveValue(wsUrl(page, '/echo'))
  await expect(form.getByRole('textbox', { name: 'Message to send' })).toHaveValue('first words')
  await form.getByRole('button', { name: 'Open and send' }).click()
  await expect(tabs).toHaveCount(2)
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(rows(page).filter({ hasText: '↑ sent' })).toContainText('first words')
  await expect(rows(page).filter({ hasText: '↓ received' })).toContainText('first words')

  // Edited, as JSON, through the tap: a third tab, whose frames come from the wire.
  await rows(page).filter({ hasText: '↑ sent' }).click()
  await page.getByRole('toolbar', { name: 'Selected message' }).getByRole('button', { name: 'New connection…' }).click()
  form = page.getByRole('region', { name: 'Send #1 on a new connection' })
  await form.getByRole('combobox', { name: 'Connect' }).selectOption('Through tap')
  await form.getByRole('textbox', { name: 'Message to send' }).fill('{"edited": true}')
  await form.getByRole('group', { name: 'Edit as' }).getByRole('button', { name: 'JSON' }).click()
  await form.getByRole('button', { name: 'Open and send' }).click()
  await expect(tabs).toHaveCount(3)
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Through tap' })).toBeChecked()
  await expect(rows(page).filter({ hasText: '↓ received' })).toContainText('{"edited":true}')
  // The first connection is as it was.
  await tabs.first().click()
  await expect(rows(page)).toHaveCount(2)
})
