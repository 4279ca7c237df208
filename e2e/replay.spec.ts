/**
 * Replaying a saved session from the sessions page (the CLI's replay core, in the app): against
 * the server it was recorded with, and against one that answers differently, through the tap.
 */
import { WebSocketServer } from 'ws'
import { connect, expect, rows, send, test, wsUrl } from './inspector-fixtures.ts'

test('a saved session replays against a server, and its new answers are compared with the recorded ones', async ({ page }) => {
  // Answers like /echo, except for "b".
  const other = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  other.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(String(data) === 'b' ? 'B, changed' : data, { binary })))
  await new Promise((resolve) => other.once('listening', resolve))
  try {
    await page.goto('/')
    await connect(page, wsUrl(page, '/echo'))
    await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
    await send(page, 'Text', 'a')
    await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(1)
    await send(page, 'Text', 'b')
    await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(2)
    await page.getByRole('button', { name: 'Save session' }).click()
    await expect(page.getByRole('status').filter({ hasText: /^Saved as/ })).toBeVisible()

    await page.goto('/#/sessions')
    await page
      .getByRole('table', { name: 'Saved sessions' })
      .getByRole('button', { name: /^Replay / })
      .click()
    const panel = page.getByRole('region', { name: /^Replay / })
    await expect(panel.getByRole('textbox', { name: 'Target URL' })).toHaveValue(wsUrl(page, '/echo'))

    // The server it was recorded with, as fast as possible: every answer as recorded.
    await panel.getByRole('combobox', { name: 'Timing' }).selectOption('As fast as possible')
    await panel.getByRole('button', { name: 'Start replay' }).click()
    await expect(panel.getByRole('status')).toHaveText('2 of 2 answered as recorded.')

    // Another server, through the tap, with the recorded timing: "b" is answered differently.
    await panel.getByRole('textbox', { name: 'Target URL' }).fill(`ws://127.0.0.1:${(other.address() as { port: number }).port}/`)
    await panel.getByRole('radio', { name: 'Through tap' }).click()
    await panel.getByRole('combobox', { name: 'Timing' }).selectOption('As recorded')
    await panel.getByRole('button', { name: 'Start replay' }).click()
    await expect(panel.getByRole('status')).toHaveText('1 of 2 answered as recorded, 1 differs.')
    await expect(panel.getByRole('list', { name: 'Messages answered differently' })).toContainText('#2 text "b"')
    const diff = panel.getByRole('group', { name: 'Recorded and new answers' })
    await expect(diff.getByRole('textbox', { name: 'Recorded' })).toBeAttached()
    await expect(diff.getByRole('textbox', { name: 'Now' })).toBeAttached()
    await expect(diff.locator('.editor.original')).toContainText('text "b"')
    await expect(diff.locator('.editor.modified')).toContainText('text "B, changed"')

    // The replay ran on a connection of its own, a tab like any other.
    await panel.getByRole('button', { name: 'Show its connection' }).click()
    await expect(rows(page).filter({ hasText: '↓ received' }).filter({ hasText: 'B, changed' })).toHaveCount(1)
  } finally {
    await new Promise((resolve) => other.close(resolve))
  }
})
