/**
 * The inspector specs' shared setup: every test fails on a console error or an uncaught page
 * error, and gets helpers to connect and send from the UI the way a user would.
 */
import { createServer } from 'node:net'
import { test as base, expect, type Page } from '@playwright/test'
import { watchErrors } from './console-errors.ts'

interface Fixtures {
  /** Console and page errors so far; checked to be empty after each test. */
  errors: string[]
  /** Tolerates console errors matching a pattern: the browser logs failed connections itself. */
  allowErrors: (pattern: RegExp) => void
}

export const test = base.extend<Fixtures & { errorLog: { errors: string[]; allowed: RegExp[] } }>({
  errorLog: [
    async ({ page }, use) => {
      const log = { errors: watchErrors(page), allowed: [] as RegExp[] }
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
  // Monaco's text area sits under its rendered lines: click those (the hex field is a plain one).
  const monaco = page.locator('.compose .monaco-editor .view-lines')
  await (format === 'Binary (hex)' ? page.getByRole('textbox', { name: 'Message' }) : monaco).click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  // Monaco auto-closes brackets and quotes as they are typed; inserting the text avoids it.
  await page.keyboard.insertText(body)
  await page.keyboard.press('ControlOrMeta+Enter')
}

export const grid = (page: Page) => page.getByRole('grid', { name: 'Messages' })

/** The log's rows (the header row excluded). */
export const rows = (page: Page) =>
  grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') })

/** The connect bar's error line (Monaco adds empty alert regions of its own). */
export const connectError = (page: Page) => page.locator('.connect-error')

/** A tab of the details panel (connection tabs may contain the same words). */
export const sideTab = (page: Page, name: string) => page.getByRole('tablist', { name: 'Details' }).getByRole('tab', { name, exact: true })

/** A local port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
