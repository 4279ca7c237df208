import { test, expect } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { watchErrors } from './console-errors.ts'

test('checks the companion’s own /echo: progress, the summary by section, a case’s frames as bit layouts, and the report round trip', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page)
  await page.goto('/')
  await page.getByRole('link', { name: 'Check a server' }).click()
  await expect(page.getByRole('heading', { name: 'Check a server' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'URL' })).toHaveValue(/^ws:\/\/127\.0\.0\.1:\d+\/echo$/)
  const sections = page.getByRole('group', { name: 'Sections' })
  await sections.getByRole('button', { name: 'None' }).click()
  await sections.getByRole('checkbox', { name: '2 Pings/Pongs' }).check()
  await sections.getByRole('checkbox', { name: '3 Reserved bits' }).check()
  await page.getByRole('button', { name: 'Run check' }).click()

  const summary = page.getByRole('table', { name: 'Summary by section' })
  await expect(summary.getByRole('row', { name: /^2 Pings\/Pongs 11 11/ })).toBeVisible({ timeout: 30_000 })
  await expect(summary.getByRole('row', { name: /^3 Reserved bits 7 7/ })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Run check' })).toBeVisible()
  await expect(page.getByLabel('Verdicts')).toHaveText(/18 OK/)

  await page
    .getByRole('list', { name: 'Cases' })
    .getByRole('button', { name: /^3\.1 / })
    .click()
  const detail = page.getByRole('article', { name: 'Case 3.1' })
  await expect(detail).toContainText('RSV must be 0')
  await expect(detail).toContainText('server sent Close with 1002')
  // The sent frame with RSV = 1 (Autobahn's numbering: the RSV3 bit), drawn as the annotated RFC 6455 §5.2 layout.
  await expect(
    detail
      .getByRole('list', { name: 'Frame fields' })
      .first()
      .getByRole('listitem', { name: /^RSV3: 1/ }),
  ).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('check-page.png'), fullPage: true })

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export JSON' }).click()
  const saved = testInfo.outputPath('report.json')
  await (await download).saveAs(saved)
  await page.reload()
  await page.getByLabel('Saved report file').setInputFiles(saved)
  await expect(summary.getByRole('row', { name: /^3 Reserved bits 7 7/ })).toBeVisible()

  const bad = testInfo.outputPath('bad.json')
  writeFileSync(bad, '{"cases": 3}')
  await page.getByLabel('Saved report file').setInputFiles(bad)
  await expect(page.getByRole('alert')).toHaveText(/bad\.json: not a wsinspect check report/)
  expect(errors).toEqual([])
})
