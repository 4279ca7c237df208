import { expect, type Page } from '@playwright/test'

/** Collects console errors and uncaught exceptions; the specs expect none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/** Replaces the text of the Monaco editor with this accessible name, as a paste does. */
export async function pasteInto(page: Page, editorName: string, text: string): Promise<void> {
  // Monaco's text area sits under its rendered lines: click the editor, then type into the focus.
  const lines = page.locator('.monaco-editor', { has: page.getByRole('textbox', { name: editorName }) }).locator('.view-lines')
  await lines.click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.evaluate((t) => navigator.clipboard.writeText(t), text)
  await page.keyboard.press('ControlOrMeta+V')
  await expect(lines).toContainText(text.split('\n')[0].slice(0, 24))
}
