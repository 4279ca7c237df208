/**
 * The inspector specs' shared setup: every test fails on a console error or an uncaught page
 * error, and gets helpers to connect and send from the UI the way a user would.
 */
import { test as base, expect, type Page } from '@playwright/test'

interface Fixtures {
  /** Console and page errors so far; checked to be empty after each test. */
  errors: string[]
  /** Tolerates console errors matching a pattern: the browser logs failed connections itself. */
  allowErrors: (pattern: RegExp) => void
}

export const test = base.extend<Fixtures & { errorLog: { errors: string[]; allowed: RegExp[] } }>({
  errorLog: [
    async ({ page }, use) => {
      const log = { errors: [] as string[], allowed: [] as RegExp[] }
      page.on('console', (m) => m.type() === 'error' && log.errors.push(m.text()))
      page.on('pageerror', (e) => log.errors.push(e.message))
      await use(log)
      expect(
        log.errors.filter((e) => !log.allowed.some((p) => p.test(e))),
        'console errors',
      ).toEqual([])
    },
    { auto: true },
  ],
  errors: async ({ errorLog }, use) => use(errorLog.errors),
  allowErrors: async ({ errorLog }, use) => use((pattern) => errorLog.allowed.push(pattern)),
})

export { expect }

/** The server's own WebSocket URL for a path (the app and the endpoints share one origin). */
export function wsUrl(page: Page, path: string): string {
  return new URL(path, page.url()).toString().replace(/^http/, 'ws')
}

export async function connect(page: Page, url?: string, mode: 'Direct' | 'Through tap' = 'Direct'): Promise<void> {
  if (url !== undefined) await page.getByRole('textbox', { name: 'URL' }).fill(url)
  await page.getByRole('radio', { name: mode }).check()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
}

/** Types a message into the compose box (Monaco, or the hex field) and sends it with Ctrl+Enter. */
export async function send(page: Page, format: 'Text' | 'JSON' | 'Binary (hex)', body: string): Promise<void> {
  await page.getByRole('radio', { name: format }).click()
  const editor = page.getByRole('textbox', { name: 'Message' })
  await editor.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  // Monaco auto-closes brackets and quotes as they are typed; inserting the text avoids it.
  await page.keyboard.insertText(body)
  await page.keyboard.press('ControlOrMeta+Enter')
}

export const grid = (page: Page) => page.getByRole('grid', { name: 'Messages' })

/** The log's rows (the header row excluded). */
export const rows = (page: Page) => grid(page).getByRole('row').filter({ has: page.getByRole('gridcell') })
