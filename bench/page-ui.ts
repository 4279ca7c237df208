/**
 * The app's controls worked by script in the page (for a CdpPage, which has no locators): found
 * by their accessible name as a user would see it, set the way the browser sets them, so React
 * sees the same events.
 */
import type { Evaluates } from './cdp-page.ts'

/** Types `value` into the input or search box named `name` (its label's text or aria-label). */
export function fill(page: Evaluates, name: string, value: string): Promise<void> {
  return page.evaluate(
    ({ name, value }) => {
      const input =
        document.querySelector<HTMLInputElement>(`input[aria-label="${name}"]`) ??
        [...document.querySelectorAll('label')].find((l) => l.firstChild?.textContent?.trim() === name)?.querySelector('input')
      if (!input) throw new Error(`no input named ${name}`)
      // React listens for 'input' events; set the value the way the browser would.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
      input.dispatchEvent(new Event('input', { bubbles: true }))
    },
    { name, value },
  )
}

/** Clicks the button, radio button or checkbox named `name` (its text, or its label's), waiting up to 10 s for it to appear (as Playwright's locators do). */
export async function click(page: Evaluates, name: string): Promise<void> {
  const clickIfThere = (name: string) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name)
    const target = button ?? [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === name)?.querySelector('input')
    target?.click()
    return target !== undefined && target !== null
  }
  const until = Date.now() + 10_000
  while (!(await page.evaluate(clickIfThere, name))) {
    if (Date.now() > until) throw new Error(`nothing to click named ${name}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Whether the checkbox or radio button named `name` is checked. */
export function isChecked(page: Evaluates, name: string): Promise<boolean> {
  return page.evaluate((name) => {
    const input = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === name)?.querySelector('input')
    if (!input) throw new Error(`no checkbox named ${name}`)
    return input.checked
  }, name)
}

/** The text of the first element matching `selector`, or null when there is none. */
export function textOf(page: Evaluates, selector: string): Promise<string | null> {
  return page.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, selector)
}

/** Resolves once `fn` returns true in the page (polled every 50 ms). */
export async function waitUntil<A>(page: Evaluates, fn: (arg: A) => boolean, arg: A, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await page.evaluate(fn, arg).catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn.toString().slice(0, 120)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
