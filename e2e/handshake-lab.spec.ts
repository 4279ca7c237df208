import { test, expect } from '@playwright/test'
import { pasteInto, watchErrors } from './console-errors.ts'
import { SEED_REQUEST, SEED_RESPONSE } from '../src/learn/index.ts'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

/** The brief's example exactly as it stands there: devtools copies in markdown fences. */
const SEED_AS_IN_THE_BRIEF = ['```json', SEED_REQUEST, '```', '', '```json', SEED_RESPONSE, '```'].join('\n')

test("the brief's handshake pasted as is passes every check, explained", async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/handshake')
  await pasteInto(page, 'Handshake', 'GET /chat HTTP/1.1\nHost: example.com')
  await expect(page.getByTestId('handshake-verdict')).toContainText('checks fail')
  await pasteInto(page, 'Handshake', SEED_AS_IN_THE_BRIEF)
  await expect(page.getByTestId('handshake-verdict')).toHaveText(/Read a request and a response \(devtools copy\): all \d+ checks pass/)
  await expect(page.locator('[data-check].check-fail')).toHaveCount(0)
  for (const id of ['request-key-valid', 'request-version-13', 'response-status-101', 'accept-matches-key', 'deflate-response-matches-offer']) {
    await expect(page.locator(`[data-check="${id}"]`)).toHaveClass('check-ok')
  }
  await expect(page.getByText(/The client compresses with an LZ77 window of 2\^15 = 32 KiB/)).toBeVisible()
  await expect(page.getByText(/about 256 KiB for the client's compressor/)).toBeVisible()
  expect(errors).toEqual([])
})

test('the Accept calculator shows each step', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/handshake')
  await page.getByRole('button', { name: 'Key from the paste' }).click()
  await expect(page.getByTestId('accept-key')).toHaveText('1vussGWDtsH15oom9XZ4dA==')
  await expect(page.getByTestId('accept-concatenated')).toHaveText('1vussGWDtsH15oom9XZ4dA==258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
  await expect(page.getByTestId('accept-sha1')).toHaveText(/^[0-9a-f]{40}$/)
  await expect(page.getByTestId('accept-value')).toHaveText('l8FmF5BgtKZlWFMKwbxchPk1jhg=')
  await expect(page.getByText('— matches the pasted response')).toBeVisible()
  await page.getByRole('textbox', { name: 'Sec-WebSocket-Key' }).fill('dGhlIHNhbXBsZSBub25jZQ==')
  await expect(page.getByTestId('accept-sha1')).toHaveText('b37a4f2cc0624f1690f64606cf385945b2bec4ea')
  await expect(page.getByTestId('accept-value')).toHaveText('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
  expect(errors).toEqual([])
})

test('an HTTP/2 handshake (RFC 8441 extended CONNECT) is checked by its own rules', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/handshake')
  const request = [
    ':method: CONNECT',
    ':protocol: websocket',
    ':scheme: https',
    ':path: /chat',
    ':authority: server.example.com',
    'sec-websocket-version: 13',
    'origin: http://www.example.com',
  ]
  await pasteInto(page, 'Handshake', [...request, '', ':status: 200'].join('\n'))
  await expect(page.getByTestId('handshake-verdict')).toHaveText(/all \d+ checks pass/)
  for (const id of ['h2-method-connect', 'h2-protocol-websocket', 'h2-response-status-2xx'])
    await expect(page.locator(`[data-check="${id}"]`)).toHaveClass('check-ok')
  await expect(page.locator('[data-check="request-key-valid"]')).toHaveCount(0)
  expect(errors).toEqual([])
})
