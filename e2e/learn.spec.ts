import { test, expect, type Page } from '@playwright/test'
import { watchErrors } from './console-errors.ts'

const bytesBox = (page: Page) => page.getByRole('textbox', { name: 'Frame bytes' })

test('the frame builder: fields make the bytes, and the bytes make the fields', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/learn')
  await expect(bytesBox(page)).toHaveValue('81 85 37 fa 21 3d 7f 9f 4d 51 58')
  // Fields → bytes.
  await page.getByRole('checkbox', { name: 'MASK' }).uncheck()
  await page.getByRole('textbox', { name: 'Payload' }).fill('Hi')
  await expect(bytesBox(page)).toHaveValue('81 02 48 69')
  await page.getByRole('combobox', { name: 'Opcode' }).selectOption('9')
  await expect(bytesBox(page)).toHaveValue('89 02 48 69')
  await expect(page.getByRole('list', { name: 'Frame fields' }).getByRole('listitem', { name: /^Opcode: ping/ })).toBeVisible()
  // Bytes → fields.
  await bytesBox(page).fill('82 84 01 02 03 04 fe fd fc fb')
  await expect(page.getByRole('checkbox', { name: 'MASK' })).toBeChecked()
  await expect(page.getByRole('combobox', { name: 'Opcode' })).toHaveValue('2')
  await expect(page.getByRole('textbox', { name: 'Masking key' })).toHaveValue('01020304')
  await expect(page.getByRole('textbox', { name: 'Payload' })).toHaveValue('ff ff ff ff')
  await expect(page.getByRole('table', { name: 'Masking XOR, byte by byte' }).getByRole('row', { name: 'byte 0: fe XOR 01 = ff' })).toBeVisible()
  // Bad bytes: a specific message, the last valid fields kept.
  await bytesBox(page).fill('82 84 01 02')
  await expect(page.getByText('These bytes are not one frame: a frame header needs 6 bytes here; there are 4.')).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Opcode' })).toHaveValue('2')
  expect(errors).toEqual([])
})

test('the length switch at 126 and 65,536 bytes, and a random masking key', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/learn')
  const active = page.locator('table.length-forms tr[aria-current="true"]')
  await expect(active).toContainText('0 – 125 bytes')
  await page.getByRole('button', { name: '126 B', exact: true }).click()
  await expect(active).toContainText('126 – 65,535 bytes')
  await expect(bytesBox(page)).toHaveValue(/^81 fe 00 7e /)
  await page.getByRole('button', { name: '65,536 B' }).click()
  await expect(active).toContainText('65,536 bytes and more')
  await expect(bytesBox(page)).toHaveValue(/^81 ff 00 00 00 00 00 01 00 00 /)
  const before = await page.getByRole('textbox', { name: 'Masking key' }).inputValue()
  await page.getByRole('button', { name: '5 B', exact: true }).click()
  await page.getByRole('button', { name: 'Random key' }).click()
  await expect(page.getByRole('textbox', { name: 'Masking key' })).not.toHaveValue(before)
  expect(errors).toEqual([])
})

test('the close-code reference and the overhead numbers', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/learn')
  const codes = page.getByRole('table', { name: 'Close codes' })
  await expect(codes.getByRole('row', { name: /^1009 Message Too Big/ })).toContainText('exceeds the endpoint')
  await expect(codes.getByRole('row', { name: /^4000–4999 Private use/ })).toBeVisible()
  await expect(page.getByTestId('polling-bytes')).toHaveText(/^\d{3} bytes$/)
  expect(errors).toEqual([])
})

/** The live demos need the companion server (/echo, /stream); `vite preview` alone has neither. */
/** The e2e run is served by the companion server: without /echo these tests fail, never skip. */
async function expectCompanionServer(page: Page): Promise<void> {
  const answers = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const s = new WebSocket(`ws://${location.host}/echo`)
        s.onopen = () => {
          s.close()
          resolve(true)
        }
        s.onerror = () => resolve(false)
      }),
  )
  expect(answers, `ws://…/echo on the server that serves this page`).toBe(true)
}

test('the HTML5 API live: readyState, bufferedAmount and every event against /echo', async ({ page }) => {
  await page.goto('/#/learn')
  await expectCompanionServer(page)
  const errors = watchErrors(page)
  const log = page.getByRole('table', { name: 'Socket events' })
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(log.getByRole('row').filter({ hasText: /^\d+open1 OPEN/ })).toBeVisible()
  await expect(page.getByTestId('api-readyState')).toHaveText('1 OPEN')
  await page.getByRole('textbox', { name: 'Message to send' }).fill('ping from the test')
  await page.getByRole('button', { name: 'send()', exact: true }).click()
  await expect(log.getByRole('row').filter({ has: page.getByRole('cell', { name: 'message', exact: true }) })).toContainText('"ping from the test"')
  await page.getByRole('button', { name: 'send(1 MiB)' }).click()
  await expect(log.getByRole('row').filter({ hasText: '1 MiB of binary zeros' })).toBeVisible()
  await page.getByRole('button', { name: 'close(1000)' }).click()
  await expect(log.getByRole('row').filter({ hasText: /^\d+close3 CLOSED/ })).toContainText('code 1000')
  await expect(page.getByTestId('api-readyState')).toHaveText('3 CLOSED')
  await expect(page.locator('.api-tables tr.active')).toContainText('socket.onclose')
  expect(errors).toEqual([])
})

test('context takeover measured on /stream messages', async ({ page }) => {
  await page.goto('/#/learn')
  await expectCompanionServer(page)
  const errors = watchErrors(page)
  await page.getByRole('button', { name: 'Measure on /stream' }).click()
  const table = page.getByRole('table', { name: 'Compression gain' })
  await expect(table).toBeVisible({ timeout: 20_000 })
  const bytes = async (label: string) => Number((await page.getByTestId(`gain-${label}`).textContent())!.replace(/,/g, ''))
  const plain = await bytes('Uncompressed')
  const alone = await bytes('Compressed, no context takeover')
  const takeover = await bytes('Compressed, context takeover')
  console.log(`/stream: ${plain} bytes plain, ${alone} compressed alone, ${takeover} with context takeover`)
  expect(takeover).toBeLessThan(alone)
  expect(alone).toBeLessThan(plain)
  expect(errors).toEqual([])
})

test("the polling overhead measured on this browser's own handshake request, through the tap", async ({ page }) => {
  await page.goto('/#/learn')
  await expectCompanionServer(page)
  const errors = watchErrors(page)
  await page.getByRole('button', { name: 'Measure this browser’s request' }).click()
  await expect(page.getByTestId('measured-on')).toContainText('this browser’s own handshake request')
  await expect(page.locator('.monaco-editor', { has: page.getByRole('textbox', { name: 'Handshake to measure' }) })).toContainText('GET /echo HTTP/1.1')
  const bytes = Number((await page.getByTestId('polling-bytes').textContent())!.replace(/\D/g, ''))
  console.log(`this browser's polling request: ${bytes} bytes`)
  expect(bytes).toBeGreaterThan(100)
  await page.locator('details', { hasText: 'What the polling request repeats' }).locator('summary').click()
  await expect(page.locator('.polling-fields')).toContainText('User-Agent')
  await expect(page.locator('.polling-fields')).not.toContainText('Sec-WebSocket-Key')
  expect(errors).toEqual([])
})
