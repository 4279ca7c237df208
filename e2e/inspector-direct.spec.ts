import { closedPort, connect, connectError, expect, grid, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'

test.beforeEach(async ({ page }) => {
  await page.goto('/')
})

test('connects to /echo, sends text and JSON, and shows both ways in the log', async ({ page, errors }) => {
  await expect(page.getByRole('textbox', { name: 'URL' })).toHaveValue(wsUrl(page, '/echo'))
  await connect(page)
  await expect(page.getByRole('status').filter({ hasText: 'OPEN (1)' })).toBeVisible()
  await send(page, 'Text', 'hello from e2e')
  await send(page, 'JSON', '{"type":"greeting","n":42}')
  await expect(rows(page)).toHaveCount(4)
  await expect(rows(page).filter({ hasText: 'hello from e2e' }).filter({ hasText: 'sent' })).toHaveCount(1)
  await expect(rows(page).filter({ hasText: 'hello from e2e' }).filter({ hasText: 'received' })).toHaveCount(1)
  await expect(rows(page).filter({ hasText: '{"type":"greeting","n":42}' })).toHaveCount(2)

  // The echoed JSON opens pretty-printed in the read-only payload editor.
  await rows(page).nth(3).click()
  await expect(rows(page).nth(3)).toHaveAttribute('aria-selected', 'true')
  const payload = page.getByRole('tabpanel').getByRole('code')
  await expect(payload).toContainText('"type": "greeting"')
  expect(errors).toEqual([])
})

test('shows an HTML payload as text, never as markup', async ({ page }) => {
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  await connect(page)
  await send(page, 'Text', '<img src=x onerror=alert(1)>')
  const row = rows(page).filter({ hasText: '<img src=x onerror=alert(1)>' }).last()
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByRole('tabpanel').getByRole('code')).toContainText('<img src=x onerror=alert(1)>')
  await expect(page.locator('main img[src="x"]')).toHaveCount(0)
  expect(dialogs).toEqual([])
})

test('explains a close code from a scenario', async ({ page }) => {
  await connect(page, wsUrl(page, '/scenario/close-1008'))
  await expect(connectError(page).filter({ hasText: 'Closed with 1008 Policy Violation' })).toBeVisible()
  const close = rows(page).filter({ hasText: '1008 Policy Violation' })
  await close.click()
  await sideTab(page, 'Close').click()
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('1008')
  await expect(panel).toContainText("A message violated the endpoint's policy.")
  await expect(panel).toContainText('wasClean: true')
})

test('says why a URL or a connection fails', async ({ page, allowErrors }) => {
  await connect(page, 'http://127.0.0.1/echo')
  await expect(connectError(page)).toContainText('is an HTTP URL')
  const port = await closedPort()
  allowErrors(/WebSocket connection to .* failed/)
  await connect(page, `ws://127.0.0.1:${port}/nothing-listens-here`)
  // Browsers may delay a failing connection attempt by seconds (RFC 6455 §7.2.3).
  await expect(connectError(page)).toContainText(`Could not connect to ws://127.0.0.1:${port}/nothing-listens-here`, { timeout: 15_000 })
  await expect(connectError(page)).toContainText('Connect Through tap to see why')
  // One line; the possible causes open on demand.
  await expect(connectError(page).getByText('Possible causes')).toBeHidden()
  await connectError(page).getByText('Connect Through tap to see why').click()
  await expect(connectError(page).getByText('Possible causes')).toBeVisible()
  // A port browsers refuse is named as such, not blamed on the network.
  await connect(page, 'ws://127.0.0.1:1/')
  await expect(connectError(page)).toContainText('The browser refuses port 1 (ERR_UNSAFE_PORT)', { timeout: 15_000 })
})

test('filters, navigates with the keyboard, pauses and resumes', async ({ page }) => {
  await connect(page)
  for (const word of ['alpha', 'beta', 'gamma']) await send(page, 'Text', word)
  await expect(rows(page)).toHaveCount(6)
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('BETA')
  await expect(rows(page)).toHaveCount(2)
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('received')
  await expect(rows(page)).toHaveCount(1)
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('all')
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('')
  await page.getByRole('checkbox', { name: 'Regex' }).check()
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('^(al|ga)')
  await expect(rows(page)).toHaveCount(4)
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('')

  await grid(page).focus()
  await page.keyboard.press('Home')
  await expect(rows(page).first()).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('End')
  await expect(rows(page).last()).toHaveAttribute('aria-selected', 'true')
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '7')

  await page.getByRole('button', { name: 'Pause' }).click()
  await send(page, 'Text', 'while paused')
  await expect(page.getByRole('status').filter({ hasText: 'more waiting' })).toBeVisible()
  await expect(rows(page)).toHaveCount(6)
  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(rows(page)).toHaveCount(8)
})

test('a runaway regular expression is stopped in its worker, and the page answers meanwhile', async ({ page }) => {
  await connect(page)
  // Exponential backtracking: every way of splitting 40 letters into words is tried before failing on '!'.
  await send(page, 'Text', `${'a'.repeat(40)}!`)
  await send(page, 'Text', 'hello')
  await expect(rows(page)).toHaveCount(4)
  await page.getByRole('checkbox', { name: 'Regex' }).check()
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('^(\\w+\\s?)*$')
  const started = Date.now()
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)))
  expect(Date.now() - started).toBeLessThan(1000)
  const stopped = page.getByRole('alert').filter({ hasText: 'Regular expression stopped' })
  await expect(stopped).toContainText('it ran for more than 2 s on messages 1–4 and was stopped')
  await page.getByRole('searchbox', { name: 'Filter messages' }).fill('^h.llo$')
  await expect(rows(page)).toHaveCount(2)
  await expect(stopped).toHaveCount(0)
})

test('labels direct-mode frames as reconstructed, masked for sent messages', async ({ page }) => {
  await connect(page)
  await send(page, 'Text', 'Hello')
  await rows(page).first().click()
  await sideTab(page, 'Frames').click()
  const panel = page.getByRole('tabpanel')
  await expect(panel).toContainText('Reconstructed — the browser does not expose frames.')
  await expect(panel).toContainText('the browser does not reveal per-message compression')
  await expect(panel.getByRole('listitem', { name: /^MASK: 1/ })).toBeVisible()
  await expect(panel.getByRole('table')).toContainText('⊕ key')
})

test('keeps templates across reloads', async ({ page }) => {
  await page.getByRole('radio', { name: 'JSON' }).click()
  await page.getByRole('textbox', { name: 'Template name' }).fill('subscribe')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.reload()
  await expect(page.getByRole('button', { name: 'subscribe', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Delete template subscribe' }).click()
  await expect(page.getByRole('button', { name: 'subscribe', exact: true })).toHaveCount(0)
})

test('opens several connections side by side, each with its own log', async ({ page }) => {
  await connect(page)
  await send(page, 'Text', 'first tab')
  await page.getByRole('button', { name: 'New tab' }).click()
  const connections = page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
  await expect(connections).toHaveCount(2)
  await expect(connections.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(rows(page)).toHaveCount(0)
  await connect(page)
  await send(page, 'Text', 'second tab')
  await expect(rows(page)).toHaveCount(2)
  await expect(rows(page).filter({ hasText: 'first tab' })).toHaveCount(0)
  await connections.first().click()
  await expect(rows(page).filter({ hasText: 'first tab' })).toHaveCount(2)
})

test('scrolling up a streaming log stops following and stays where the user put it', async ({ page }) => {
  await connect(page, wsUrl(page, '/stream?rate=2000&size=64&count=3000'))
  await expect(page.locator('.log-count')).toHaveText(/^3,00[01] messages$/, { timeout: 20_000 })
  const scroller = page.locator('.log-scroll')
  // Following: the newest row is in view.
  await expect(rows(page).filter({ hasText: /^3,000/ })).toBeInViewport()
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }))
  // The number of the first row whose top is in the scroll area's view.
  const firstInView = () =>
    scroller.evaluate((el) => {
      const view = el.getBoundingClientRect()
      const row = [...el.querySelectorAll('[role=row]')].find((r) => r.getBoundingClientRect().top >= view.top)
      return Number(row?.querySelector('[role=gridcell]')?.textContent?.replace(',', ''))
    })
  await expect.poll(firstInView).toBeGreaterThan(1400)
  const first = await firstInView()
  expect(first).toBeLessThan(1600)
  await page.waitForTimeout(500)
  expect(await firstInView()).toBe(first)
})

test('a filter that shows no rows for a moment does not stop the log following', async ({ page }) => {
  await connect(page, wsUrl(page, '/stream?rate=1000&size=64&count=20000'))
  await expect(page.locator('.log-count')).toHaveText(/^[1-9][\d,]* messages$/)
  const scroller = page.locator('.log-scroll')
  await expect.poll(() => scroller.evaluate((el) => el.scrollHeight > 4 * el.clientHeight)).toBe(true)
  // A filter starts from no rows: the browser moves the scroll to the top. On a busy page the
  // rows have grown again by the time it reports that scroll (made so here by growing the body
  // at once): no scroll a user made.
  await scroller.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!
        const type = (text: string) => {
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text)
          input.dispatchEvent(new Event('input', { bubbles: true }))
        }
        const status = document.querySelector('.log-count')!
        const observer = new MutationObserver(() => {
          if (!/^0 of/.test(status.textContent ?? '')) return
          observer.disconnect()
          void el.scrollTop // laid out with no rows: the scroll is at the top
          el.querySelector<HTMLElement>('.log-body')!.style.height = '100000px'
          el.addEventListener('scroll', () => resolve(), { once: true })
        })
        observer.observe(status, { childList: true, subtree: true, characterData: true })
        type('"time"')
      }),
  )
  // Still following: at the end, and moving with the rows that come.
  const atEnd = () => scroller.evaluate((el) => el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 30)
  await expect.poll(atEnd).toBe(true)
  const top = await scroller.evaluate((el) => el.scrollTop)
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(top)
  await expect.poll(atEnd).toBe(true)
})
