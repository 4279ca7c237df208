import { test, expect } from '@playwright/test'

test('the app loads with no console errors', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'wsinspect' })).toBeVisible()
  expect(errors).toEqual([])
})
