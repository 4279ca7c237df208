import { createServer as createHttpsServer } from 'node:https'
import { WebSocketServer } from 'ws'
import { readFileSync } from 'node:fs'
import { closedPort, connect, connectError, expect, grid, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const hex = (text: string) =>
  Buffer.from(text)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ')

test.beforeEach(async ({ page }) => {
  await page.goto('/')
})

test('through the tap: handshake checks, real masked frames, compression ratios', async ({ page }) => {
  await connect(page, wsUrl(page, '/echo'), 'Through tap')
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await expect(page.getByText('through the tap')).toBeVisible()

  await sideTab(page, 'Handshake').click()
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText(/All \d+ checks pass/)
  await expect(panel.getByRole('list', { name: 'Handshake checks' }).getByRole('listitem').first()).toBeVisible()
  await expect(panel).toContainText('Sec-WebSocket-Accept, step by step')
  await expect(panel).toContainText('it matches')
  await expect(panel.getByLabel('Request headers')).toContainText('Sec-WebSocket-Key')

  await send(page, 'Text', 'Hello Hello Hello Hello Hello Hello')
  await expect(rows(page)).toHaveCount(2)
  // /echo compresses every message: both rows carry a ratio.
  await expect(rows(page).first().locator('.cell-ratio')).toHaveText(/×$/)
  await expect(rows(page).nth(1).locator('.cell-ratio')).toHaveText(/×$/)

  await rows(page).first().click()
  await sideTab(page, 'Frames').click()
  await expect(panel).toContainText('real, from the wire · client → server')
  await expect(panel.getByRole('listitem', { name: /^MASK: 1/ })).toBeVisible()
  await expect(panel.getByRole('listitem', { name: /^RSV1: 1/ })).toBeVisible()
  await expect(panel.getByRole('table')).toContainText('⊕ key')
  await sideTab(page, 'Compression').click()
  await expect(panel).toContainText('Context takeover')
  await expect(panel).toContainText(/\d+ % saved/)
})

test('through the tap: Ping with its round trip, and an injected frame', async ({ page }) => {
  await connect(page, wsUrl(page, '/echo'), 'Through tap')
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await sideTab(page, 'Control').click()
  await page.getByRole('button', { name: 'Ping', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Ping round trips' }).getByRole('row')).toHaveCount(2)

  await page.getByRole('combobox', { name: 'to' }).last().selectOption('client')
  await page.getByRole('button', { name: 'Inject' }).click()
  await expect(rows(page).filter({ hasText: 'crafted' })).toHaveCount(1)
  // A reserved opcode is named as such in the log, not "binary".
  await page.getByRole('combobox', { name: 'Opcode' }).selectOption('3')
  await page.getByRole('textbox', { name: 'Payload' }).last().fill('odd')
  await page.getByRole('button', { name: 'Inject' }).click()
  await expect(rows(page).filter({ hasText: '6f 64 64' }).locator('.type-tag')).toHaveText('reserved 0x3')
})

test('through the tap: a close code scenario shows its meaning', async ({ page }) => {
  await connect(page, wsUrl(page, '/scenario/close-4000'), 'Through tap')
  const close = rows(page).filter({ hasText: '4000 Private use' }).first()
  await close.click()
  await sideTab(page, 'Close').click()
  await expect(page.getByRole('tabpanel')).toContainText('Application-defined; its meaning is agreed between the two endpoints.')
})

test('through the tap: says why the target cannot be reached', async ({ page, allowErrors }) => {
  const port = await closedPort()
  allowErrors(/WebSocket connection to .* failed/)
  await connect(page, `ws://127.0.0.1:${port}/`, 'Through tap')
  await expect(connectError(page)).toContainText('Through the tap: connection refused')
})

test('through the tap: a self-signed wss:// server is refused until "Accept any certificate"', async ({ page, allowErrors }) => {
  // The server tests' certificate for localhost (src/server/testdata/README.md).
  const pem = (name: string) => readFileSync(new URL(`../src/server/testdata/self-signed-${name}.pem`, import.meta.url))
  const https = createHttpsServer({ key: pem('key'), cert: pem('cert') })
  const wss = new WebSocketServer({ server: https })
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`secure: ${data}`)))
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve))
  try {
    const target = `wss://localhost:${(https.address() as { port: number }).port}/`
    allowErrors(/WebSocket connection to .* failed/)
    await connect(page, target, 'Through tap')
    await expect(connectError(page)).toContainText('the TLS handshake failed: the target’s certificate is self-signed')
    await expect(connectError(page)).toContainText('tick “Accept any certificate”')
    await page.getByRole('checkbox', { name: 'Accept any certificate' }).check()
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await send(page, 'Text', 'hello')
    await expect(rows(page).filter({ hasText: 'secure: hello' })).toHaveCount(1)
  } finally {
    for (const client of wss.clients) client.terminate()
    await new Promise((resolve) => https.close(resolve))
  }
})

test('through the tap: each attempt has its own handshake and findings; earlier ones can be looked back at', async ({ page, allowErrors }) => {
  // Attempt 1: a server that sends a text message that is not valid UTF-8.
  await connect(page, wsUrl(page, '/scenario/invalid-utf8'), 'Through tap')
  await sideTab(page, 'Handshake').click()
  const panel = page.getByRole('tabpanel')
  await expect(panel.getByRole('list', { name: 'Protocol findings' })).toContainText('not valid UTF-8')
  await expect(panel).toContainText(/All \d+ checks pass|\d+ of \d+ checks failed/)
  // Attempt 2: nothing listens on the target.
  const port = await closedPort()
  allowErrors(/WebSocket connection to .* failed/)
  await connect(page, `ws://127.0.0.1:${port}/`, 'Through tap')
  await expect(connectError(page)).toContainText('Through the tap: connection refused')
  const picker = panel.getByRole('combobox', { name: 'Connection attempt' })
  await expect(picker.locator('option:checked')).toHaveText(/^Attempt 2 of 2 · .* · tap · failed$/)
  await expect(panel).toContainText('No handshake for attempt 2')
  await expect(panel).not.toContainText(/checks (pass|failed)/)
  await expect(panel.getByRole('list', { name: 'Protocol findings' })).toHaveCount(0)
  await expect(panel).toContainText('No protocol findings on attempt 2')
  // Looking back at the first attempt.
  await picker.selectOption({ label: (await picker.locator('option').first().textContent())! })
  await expect(panel.getByRole('list', { name: 'Protocol findings' })).toContainText('not valid UTF-8')
  await expect(panel.getByRole('list', { name: 'Handshake checks' })).toBeVisible()
  await panel.getByRole('button', { name: 'Show the current attempt' }).click()
  await expect(panel).toContainText('No handshake for attempt 2')
})

test('through the tap: the frame that broke the protocol is a marked row, the banner names it and the browser’s answer', async ({ page }) => {
  await connect(page, wsUrl(page, '/scenario/invalid-utf8'), 'Through tap')
  const row = rows(page).filter({ has: page.getByRole('img', { name: 'protocol violation' }) })
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('gridcell').filter({ hasText: '1007 text message is not valid UTF-8' })).toHaveCount(1)
  await expect(row).toContainText('RFC 6455 §8.1')
  // One line: the violation, and Chromium answering 1002 where RFC 6455 expects 1007.
  const banner = connectError(page).locator('summary')
  await expect(banner).toHaveText(
    'The server broke the protocol: text message that is not valid UTF-8 (1007, RFC 6455 §8.1). The browser answered 1002, where RFC 6455 expects 1007.',
  )
  await expect(connectError(page)).not.toContainText('dropped without a closing handshake')
  await banner.click()
  await expect(connectError(page)).toContainText('The page’s WebSocket only learns 1006')
  // The row's frame is the real one, from the wire.
  await row.click()
  await sideTab(page, 'Frames').click()
  await expect(page.getByRole('tabpanel')).toContainText('real, from the wire · server → client')
  await expect(page.getByRole('list', { name: 'This frame broke the protocol' })).toContainText('close code 1007')
})

test('through the tap: a message’s frames are asked of the companion server when shown, each with its bit layout', async ({ page }) => {
  await connect(page, wsUrl(page, '/scenario/fragmented-text-with-ping'), 'Through tap')
  const message = rows(page).filter({ hasText: 'Hello, fragmented world' })
  await expect(message).toHaveCount(1)
  await message.click()
  await sideTab(page, 'Frames').click()
  const panel = page.getByRole('tabpanel')
  // Three fragments; the Ping between them is a message of its own.
  for (const k of [1, 2, 3]) await expect(panel).toContainText(`Frame ${k} of 3 · real, from the wire · server → client`)
  // The decode command holds the real frames too.
  await page.getByRole('combobox', { name: 'Copy as' }).selectOption('wsinspect decode command')
  await page.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe(`echo '01 07 ${hex('Hello, ')} 00 0b ${hex('fragmented ')} 80 05 ${hex('world')}' | npx wsinspect decode - --from server`)
  await expect(panel.getByRole('listitem', { name: /^FIN: more fragments follow/ })).toHaveCount(2)
  await expect(panel.getByRole('listitem', { name: /^Opcode: text/ })).toHaveCount(1)
  await expect(panel.getByRole('listitem', { name: /^Opcode: continuation/ })).toHaveCount(2)
  // The Ping, and the browser's Pong, masked as every client frame is.
  const [ping, pong] = [rows(page).filter({ hasText: 'in the middle' }).first(), rows(page).filter({ hasText: 'in the middle' }).last()]
  await ping.click()
  await expect(panel).toContainText('Frame 1 of 1 · real, from the wire · server → client')
  await expect(panel.getByRole('listitem', { name: /^Opcode: ping/ })).toBeVisible()
  await pong.click()
  await expect(panel).toContainText('Frame 1 of 1 · real, from the wire · client → server')
  await expect(panel.getByRole('listitem', { name: /^MASK: 1/ })).toBeVisible()
})

test('through the tap: a message whose frames the server gave up says so, and newer ones still show theirs', async ({ page }) => {
  // 400 frames of 64 KiB (25 MiB), well past the 8 MiB the server keeps of a capture's frames even
  // if the stream skips some on a loaded machine.
  await connect(page, wsUrl(page, '/stream?rate=100&size=65536&count=400&deflate=0'), 'Through tap')
  await expect(rows(page).filter({ hasText: 'sent 400 events' }).first()).toBeVisible({ timeout: 30_000 })
  const panel = page.getByRole('tabpanel')
  await grid(page).focus()
  await page.keyboard.press('Home')
  await expect(rows(page).first()).toHaveAttribute('aria-selected', 'true')
  await sideTab(page, 'Frames').click()
  await expect(panel.getByRole('status')).toContainText(
    /^Frames not kept: frame 0 is no longer kept \(the server keeps the last 20000 frames and 8192 KiB of each capture\)/,
  )
  // The message itself is still in the log.
  await sideTab(page, 'Payload').click()
  await expect(panel).toContainText('active_users')
  // The last event's frame is still kept.
  await grid(page).focus()
  await page.keyboard.press('End')
  await rows(page).filter({ hasText: 'active_users_stream' }).last().click()
  await sideTab(page, 'Frames').click()
  await expect(panel).toContainText('Frame 1 of 1 · real, from the wire · server → client')
})
