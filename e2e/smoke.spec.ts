import { test, expect } from '@playwright/test'

test('every page loads with no console errors', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  const nav = page.getByRole('navigation', { name: 'Pages' })
  for (const name of ['Inspector', 'Decoder', 'Handshake', 'Learn', 'Sessions']) {
    await nav.getByRole('link', { name }).click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page')
  }
  expect(errors).toEqual([])
})
