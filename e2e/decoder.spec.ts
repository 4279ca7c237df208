import { test, expect } from '@playwright/test'
import { pasteInto, watchErrors } from './console-errors.ts'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

/** RFC 6455 §5.7: a masked "Hello" from a client, as hex, an xxd dump and base64. */
const HELLO = [
  { text: '81 85 37 fa 21 3d 7f 9f 4d 51 58', format: 'space-separated hex' },
  { text: '00000000: 8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX', format: 'xxd' },
  { text: 'gYU3+iE9f59NUVg=', format: 'base64' },
]

test('the masked "Hello" pasted in three formats decodes the same', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  for (const { text, format } of HELLO) {
    await pasteInto(page, 'Bytes', text)
    await expect(page.getByTestId('recognised-format')).toHaveText(format)
    await expect(page.getByTestId('decode-counts')).toHaveText('1 frame, 1 message, no protocol errors')
    await expect(page.getByRole('listbox', { name: 'Messages' }).getByRole('option')).toHaveText(['0text5 B1Hello'])
    const fields = page.getByRole('list', { name: 'Frame fields' })
    await expect(fields.getByRole('listitem', { name: /^Masking-key: 37 fa 21 3d/ }).first()).toBeVisible()
    await expect(fields.getByRole('listitem', { name: /^Opcode: text/ })).toBeVisible()
    await expect(page.getByRole('table', { name: 'Masking XOR, byte by byte' }).getByRole('row', { name: 'byte 0: 7f XOR 37 = 48' })).toBeVisible()
  }
  expect(errors).toEqual([])
})

test('a finding is explained with its close code and RFC section, and marked in the paste', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await page.getByRole('radio', { name: 'server → client' }).click()
  await pasteInto(page, 'Bytes', '81 02 68 69\n88 02 03 ed')
  const finding = page.getByRole('list', { name: 'Findings' }).getByRole('listitem')
  await expect(finding).toContainText('close code 1005 (No Status Received) must not be sent in a Close frame')
  await expect(finding).toContainText('close code 1002 Protocol Error')
  await expect(finding).toContainText('RFC 6455 §7.4')
  await expect(finding).toContainText('line 2, column 1')
  await expect(page.locator('.editor-hl-error')).not.toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Frame bytes' }).locator('.hl-error')).toHaveCount(4)
  // A truncated input says how many bytes are missing.
  await page.getByRole('radio', { name: 'client → server' }).click()
  await pasteInto(page, 'Bytes', '81 85 37 fa 21 3d 7f 9f')
  await expect(page.getByText('The input ends inside a frame: 3 more bytes are needed (at least).')).toBeVisible()
  expect(errors).toEqual([])
})

test('a finding far into a long input is scrolled to in the input bytes', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await page.getByRole('radio', { name: 'server → client' }).click()
  // 300 frames "hi" (1,200 bytes, 75 dump lines), then a Close with the forbidden code 1005.
  await pasteInto(page, 'Bytes', '81 02 68 69\n'.repeat(300) + '88 02 03 ed')
  await expect(page.getByRole('list', { name: 'Findings' }).getByRole('listitem')).toContainText('close code 1005')
  const dump = page.getByRole('region', { name: 'Input bytes, hex dump' })
  await dump.scrollIntoViewIfNeeded()
  // Byte 1,200 is on the line at offset 0x4b0; the error's bytes are marked there, in view.
  await expect(dump.getByText('04b0', { exact: true })).toBeInViewport()
  await expect(dump.locator('.hl-error').first()).toBeInViewport()
  // Choosing the first frame (Home in the frame list) scrolls back to the top.
  await page.getByRole('listbox', { name: 'Frames' }).press('Home')
  await expect(page.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true })).toContainText('0text')
  await expect(dump.getByText('0000', { exact: true })).toBeInViewport()
  expect(errors).toEqual([])
})

test('a shared link reproduces the decode, extensions included', async ({ page, context }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await page.getByRole('radio', { name: 'server → client' }).click()
  await page.getByRole('textbox', { name: 'Extensions' }).fill('permessage-deflate')
  await pasteInto(page, 'Bytes', 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00')
  await expect(page.getByTestId('decode-counts')).toHaveText('2 frames, 2 messages, no protocol errors')
  await expect(page).toHaveURL(/#\/decoder\?from=server&ext=permessage-deflate&z=/)
  const link = page.url()

  const other = await context.newPage()
  const otherErrors = watchErrors(other)
  await other.goto(link)
  await expect(other.getByTestId('decode-counts')).toHaveText('2 frames, 2 messages, no protocol errors')
  await expect(other.getByText('2 compressed messages: 10 → 12 bytes on the wire (120%)')).toBeVisible()
  await expect(other.getByRole('radio', { name: 'server → client' })).toHaveAttribute('aria-checked', 'true')
  await expect(other.getByRole('textbox', { name: 'Extensions' })).toHaveValue('permessage-deflate')
  await expect(other.locator('.monaco-editor .view-lines')).toContainText('c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00')
  expect([...errors, ...otherErrors]).toEqual([])
})

test('an invalid extensions value is explained as in the handshake', async ({ page }) => {
  await page.goto('/#/decoder')
  await page.getByRole('textbox', { name: 'Extensions' }).fill('permessage-deflate; client_max_window_bits=16')
  await expect(page.getByText(/client_max_window_bits=16 is invalid: the value must be an integer from 8 to 15.*decoding without it/)).toBeVisible()
})

test('10 MB of hex decodes in a worker with progress, and the page stays responsive', async ({ page }) => {
  test.setTimeout(120_000)
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await expect(page.getByRole('textbox', { name: 'Bytes' })).toBeAttached()
  await page.getByRole('radio', { name: 'server → client' }).click()
  // Unmasked 1000-byte binary frames: 82 7e 03 e8 + payload, as spaced hex (about 10.1 MB of text).
  const frame = ['82', '7e', '03', 'e8', ...Array.from({ length: 1000 }, (_, i) => (i & 0xff).toString(16).padStart(2, '0'))].join(' ')
  const text = Array.from({ length: 3360 }, () => frame).join('\n')
  expect(text.length).toBeGreaterThan(10_000_000)
  // (Playwright's own hand-over of a 10 MB file blocks the page for a second: watch after it.)
  await page.getByLabel('Open a text capture').setInputFiles({ name: 'big.hex', mimeType: 'text/plain', buffer: Buffer.from(text) })
  // Watch the main thread: the longest gap between animation frames while the worker decodes.
  await page.evaluate(() => {
    const w = window as unknown as { maxGap: number; watching: boolean; start: number }
    w.maxGap = 0
    w.watching = true
    w.start = performance.now()
    let last = w.start
    const tick = (now: number) => {
      w.maxGap = Math.max(w.maxGap, now - last)
      last = now
      if (w.watching) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await expect(page.getByRole('progressbar', { name: 'Decoding' })).toBeVisible()
  await expect(page.getByTestId('decode-counts')).toHaveText('3,360 frames, 3,360 messages, no protocol errors', { timeout: 60_000 })
  await expect(page.getByTestId('recognised-format')).toHaveText('space-separated hex')
  await expect(page.getByText(/The link cannot hold this paste/)).toBeVisible()
  const { maxGap, elapsed } = await page.evaluate(() => {
    const w = window as unknown as { maxGap: number; watching: boolean; start: number }
    w.watching = false
    return { maxGap: w.maxGap, elapsed: performance.now() - w.start }
  })
  console.log(`10 MB: decoded in ${Math.round(elapsed)} ms; longest main-thread gap meanwhile ${Math.round(maxGap)} ms`)
  // On the main thread the decode would be one block as long as the whole wait; in the worker the
  // page only pauses for Monaco's 10 MB model and the result's arrival (a few hundred ms). Relative,
  // so a loaded machine slows both sides alike.
  expect(maxGap).toBeLessThan(elapsed / 2)
  expect(errors).toEqual([])
})

test('labels tell the truth: an exact 64-bit length, a frame number, the MASK bit offering the other direction', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/#/decoder')
  await page.getByRole('radio', { name: 'server → client' }).click()
  await pasteInto(page, 'Bytes', 'ff ff ff ff ff ff ff ff ff ff')
  const frame = page.getByRole('listbox', { name: 'Frames' }).getByRole('option')
  await expect(frame).toContainText('18,446,744,073,709,551,615 bytes')
  await expect(frame.locator('span').first()).toHaveText('0')
  // Masked bytes decoded as the server's: one click decodes them as the client's.
  await pasteInto(page, 'Bytes', '81 85 37 fa 21 3d 7f 9f 4d 51 58')
  await page.getByRole('button', { name: 'Decode as client → server' }).click()
  await expect(page.getByRole('radio', { name: 'client → server' })).toBeChecked()
  await expect(page.getByTestId('decode-counts')).toHaveText('1 frame, 1 message, no protocol errors')
  // The masking key reads in hex beside its bits; the payload's size is said once.
  const fields = page.getByRole('list', { name: 'Frame fields' })
  await expect(fields.getByRole('listitem', { name: /^Masking-key/ }).first()).toContainText('37 fa')
  await expect(fields.getByText('5 bytes')).toHaveCount(1)
  expect(errors).toEqual([])
})
