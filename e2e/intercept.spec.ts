import { spawn, type ChildProcess } from 'node:child_process'
import { WebSocket } from 'ws'
import { connect, expect, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'
import type { Locator, Page } from '@playwright/test'

/** The inspector connected to /echo through the tap, with its Intercept panel open. */
async function interceptOnEcho(page: Page): Promise<Locator> {
  await page.goto('/')
  await connect(page, wsUrl(page, '/echo'), 'Through tap')
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await sideTab(page, 'Intercept').click()
  return page.getByRole('tabpanel')
}

/** Applies `rules` (JSON) in the Intercept panel and waits for the panel to report `inForce`. */
async function applyRules(panel: Locator, rules: string, inForce: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'Rules (JSON)' }).fill(rules)
  await panel.getByRole('button', { name: 'Apply rules' }).click()
  await expect(panel.getByRole('status')).toHaveText(inForce)
}

test('a break rule holds a message until it is forwarded edited, or dropped; the log marks each', async ({ page }) => {
  const panel = await interceptOnEcho(page)
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption('client')
  await panel.getByRole('textbox', { name: 'Match' }).fill('order')
  await panel.getByRole('button', { name: 'Add breakpoint' }).click()
  await expect(panel.getByRole('status')).toHaveText('1 rule in force')

  await send(page, 'Text', 'order 1')
  const held = panel.getByRole('region', { name: /^Held message client-/ })
  await expect(held).toBeVisible()
  await expect(held.getByRole('textbox', { name: 'Held message content' })).toHaveValue('order 1')
  // Held: the echo has not come back.
  await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(0)
  await held.getByRole('textbox', { name: 'Held message content' }).fill('order 1 (edited in flight)')
  await held.getByRole('button', { name: 'Forward edited' }).click()
  await expect(held).toHaveCount(0)
  await expect(rows(page).filter({ hasText: '↓ received' })).toContainText('order 1 (edited in flight)')
  await expect(rows(page).first()).toContainText('modified')
  // The modified message: what arrived beside what was delivered, compared.
  await rows(page).first().click()
  const diff = panel.getByRole('group', { name: 'Original and delivered message' })
  await expect(diff.getByRole('textbox', { name: 'Original' })).toBeAttached()
  await expect(diff.getByRole('textbox', { name: 'Delivered' })).toBeAttached()
  await expect(diff.locator('.editor.original')).toContainText('order 1')
  await expect(diff.locator('.editor.modified')).toContainText('order 1 (edited in flight)')

  await send(page, 'Text', 'order 2')
  await panel
    .getByRole('region', { name: /^Held message client-/ })
    .getByRole('button', { name: 'Drop' })
    .click()
  await expect(rows(page).filter({ hasText: 'order 2' })).toContainText('dropped')
  await send(page, 'Text', 'plain message')
  await expect(rows(page).filter({ hasText: '↓ received' }).filter({ hasText: 'plain message' })).toHaveCount(1)
  await expect(rows(page).filter({ hasText: '↓ received' }).filter({ hasText: 'order 2' })).toHaveCount(0)

  // A bad rule is refused with its reason, and the rules stay as they were.
  await panel.getByRole('textbox', { name: 'Rules (JSON)' }).fill('[{"direction":"up","match":"x","action":"drop"}]')
  await panel.getByRole('button', { name: 'Apply rules' }).click()
  await expect(panel.getByRole('alert')).toContainText('rule 1: "direction" must be "client", "server" or "both"')
  await applyRules(panel, '[]', '0 rules in force')
})

test('a breakpoint by payload kind holds only the messages decoding reads as that kind', async ({ page }) => {
  const panel = await interceptOnEcho(page)
  await applyRules(panel, '[]', '0 rules in force')
  const form = panel.getByRole('form', { name: 'Add a breakpoint' })
  await form.getByRole('combobox', { name: 'Direction' }).selectOption('client')
  await form.getByRole('combobox', { name: 'Decoder' }).selectOption('json-rpc')
  await form.getByRole('combobox', { name: 'Kind' }).selectOption('request')
  await form.getByRole('button', { name: 'Add breakpoint' }).click()
  await expect(panel.getByRole('status')).toHaveText('1 rule in force')
  await expect(panel.getByRole('textbox', { name: 'Rules (JSON)' })).toHaveValue(/"decoder": "json-rpc",\s+"kind": "request"/)

  // A JSON-RPC notification and plain text go on; a request is held.
  await send(page, 'Text', '{"jsonrpc":"2.0","method":"tick"}')
  await send(page, 'Text', 'plain words')
  await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(2)
  await send(page, 'Text', '{"jsonrpc":"2.0","method":"buy","id":7}')
  const held = panel.getByRole('region', { name: /^Held message client-/ })
  await expect(held.getByRole('textbox', { name: 'Held message content' })).toHaveValue('{"jsonrpc":"2.0","method":"buy","id":7}')
  await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(2)
  await held.getByRole('button', { name: 'Forward', exact: true }).click()
  await expect(rows(page).filter({ hasText: '↓ received' })).toHaveCount(3)
  await applyRules(panel, '[]', '0 rules in force')
})

test('rules live on the server across reloads; after a server restart the last ones applied here can be restored', async ({ page, browser, baseURL }) => {
  const rulesBox = () => page.getByRole('tabpanel').getByRole('textbox', { name: 'Rules (JSON)' })
  const apply = (p: Page, rules: string, inForce: string) => applyRules(p.getByRole('tabpanel'), rules, inForce)
  await page.goto('/')
  await sideTab(page, 'Intercept').click()
  await apply(page, '[{"direction":"server","match":"^heartbeat$","action":"drop"}]', '1 rule in force')
  await page.reload()
  await sideTab(page, 'Intercept').click()
  await expect(rulesBox()).toHaveValue(/heartbeat/)

  // Another browser, with storage of its own, empties the server's list, as a restart would.
  const other = await browser.newContext()
  try {
    const second = await other.newPage()
    await second.goto(baseURL!)
    await sideTab(second, 'Intercept').click()
    // The server's list first: typed over before it came, "[]" would be the text already there (no edit), and Apply would send the list.
    await expect(second.getByRole('tabpanel').getByRole('textbox', { name: 'Rules (JSON)' })).toHaveValue(/heartbeat/)
    await apply(second, '[]', '0 rules in force')
  } finally {
    await other.close()
  }
  await page.reload()
  await sideTab(page, 'Intercept').click()
  await expect(rulesBox()).toHaveValue('[]')
  await page.getByRole('tabpanel').getByRole('button', { name: 'Restore 1 rule' }).click()
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText('1 rule in force')
  await expect(rulesBox()).toHaveValue(/heartbeat/)
  await expect(page.getByRole('tabpanel').getByRole('button', { name: /^Restore/ })).toHaveCount(0)
  await apply(page, '[]', '0 rules in force')
})

/**
 * Runs `body` with `wsinspect proxy` in front of the e2e server on two ports of the test's own
 * (the e2e port + `offset` for clients, + 1 for its inspector), and stops the proxy after.
 */
async function withProxy(baseURL: string | undefined, offset: number, body: (ports: { base: number; listen: number; port: number }) => Promise<void>) {
  const base = Number(new URL(baseURL!).port)
  const [listen, port] = [base + offset, base + offset + 1]
  const proxy = await startProxy(baseURL!.replace(/\/$/, ''), listen, port)
  try {
    await body({ base, listen, port })
  } finally {
    proxy.kill('SIGTERM')
  }
}

/** A client socket to /echo through the proxy, once open. */
async function openEcho(listen: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${listen}/echo`)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

/** Resolves when `ws` receives the message `text`. */
function echoOf(ws: WebSocket, text: string): Promise<void> {
  return new Promise((resolve) => ws.on('message', (data) => String(data) === text && resolve()))
}

/** `wsinspect proxy` in front of the e2e server itself (its pages and /echo): the app's port and its own inspector. */
async function startProxy(target: string, listen: number, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/wsinspect.mjs', 'proxy', target, '--listen', String(listen), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`wsinspect proxy did not start: ${out}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Press Ctrl-C')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => reject(new Error(`wsinspect proxy exited with ${code}: ${out}`)))
  })
  return child
}

test('wsinspect proxy: the app loads through it, and its sockets open live tabs in the inspector', async ({ page, baseURL }) => {
  await withProxy(baseURL, 1, async ({ base, listen, port }) => {
    // HTTP through the proxy: the whole app, unchanged.
    const page2 = await page.context().newPage()
    await page2.goto(`http://127.0.0.1:${listen}/`)
    await expect(page2.getByRole('heading', { name: 'Inspector' })).toBeVisible()
    await page2.close()

    await page.goto(`http://127.0.0.1:${port}/`)
    await expect(page.getByRole('heading', { name: 'Inspector' })).toBeVisible()
    const ws = await openEcho(listen)
    // Its tab opens as the capture starts; from then on the inspector receives every frame.
    // (The app page loaded through the proxy above had sockets of its own, which may have tabs too.)
    await page.getByRole('tab', { name: `127.0.0.1:${base}/echo` }).click()
    ws.send('through wsinspect proxy')
    await expect(rows(page).filter({ hasText: '↓ received' })).toContainText('through wsinspect proxy')
    await sideTab(page, 'Handshake').click()
    await expect(page.getByRole('tabpanel')).toContainText(/All \d+ checks pass/)
    ws.close()
  })
})

test('wsinspect proxy: a socket that talked before the inspector opened shows its first messages', async ({ page, baseURL }) => {
  await withProxy(baseURL, 3, async ({ base, listen, port }) => {
    const ws = await openEcho(listen)
    const echoed = echoOf(ws, 'second, before anyone watched')
    ws.send('first, before anyone watched')
    ws.send('second, before anyone watched')
    await echoed

    // The server kept the capture's events for its first subscriber: the inspector, opened now.
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.getByRole('tab', { name: `127.0.0.1:${base}/echo` }).click()
    await expect(rows(page).filter({ hasText: '↑ sent' })).toHaveText([/first, before anyone watched/, /second, before anyone watched/])
    await expect(rows(page).filter({ hasText: '↓ received' })).toHaveText([/first, before anyone watched/, /second, before anyone watched/])
    ws.send('third, watched')
    await expect(rows(page).filter({ hasText: '↓ received' }).last()).toContainText('third, watched')
    ws.close()
  })
})

test('wsinspect proxy: when more happened before the inspector opened than the server keeps, the tab says how much is missing', async ({ page, baseURL }) => {
  await withProxy(baseURL, 5, async ({ base, listen, port }) => {
    const ws = await openEcho(listen)
    // 400 round trips: 1,600 frame and message events, more than the 1,000 the server keeps.
    const echoed = echoOf(ws, 'message 399')
    for (let i = 0; i < 400; i++) ws.send(`message ${i}`)
    await echoed

    await page.goto(`http://127.0.0.1:${port}/`)
    await page.getByRole('tab', { name: `127.0.0.1:${base}/echo` }).click()
    await expect(page.getByRole('status', { name: 'Capture events lost' })).toHaveText('600 events from before this tab subscribed not kept')
    await expect(rows(page).filter({ hasText: '↓ received' }).last()).toContainText('message 399')
    ws.close()
  })
})
