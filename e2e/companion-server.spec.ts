import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, expect } from '@playwright/test'

// The browser side of the captures API: a page of the app's own origin subscribes on
// /api/captures and taps /echo through /tap, as the inspector does.
test('the app can tap a connection and watch it through the captures API', async ({ page }) => {
  await page.goto('/')
  const result = await page.evaluate(async () => {
    const base = location.origin.replace(/^http/, 'ws')
    // The server's access token: the app's pages can read it, other origins cannot.
    const { token } = (await (await fetch('/api/token')).json()) as { token: string }
    const events: { type: string; [key: string]: unknown }[] = []
    const captures = new WebSocket(`${base}/api/captures?token=${token}`)
    captures.onmessage = (e) => events.push(JSON.parse(e.data))
    await new Promise((resolve) => (captures.onopen = resolve))
    captures.send(JSON.stringify({ type: 'subscribe', version: 1, captureId: 'e2e-1' }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const target = `${base}/echo`
    const ws = new WebSocket(`${base}/tap?capture=e2e-1&token=${token}&target=${encodeURIComponent(target)}`)
    await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)))
    const echoed = new Promise<string>((resolve) => (ws.onmessage = (e) => resolve(e.data)))
    ws.send('hello from the browser, hello from the browser')
    const echo = await echoed
    ws.close(1000, 'done')
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'capture-ended'); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    return { echo, extensions: ws.extensions, events }
  })
  expect(result.echo).toBe('hello from the browser, hello from the browser')
  expect(result.extensions).toMatch(/^permessage-deflate/)
  const types = result.events.map((e) => e.type)
  expect(types).toEqual(expect.arrayContaining(['hello', 'capture-started', 'handshake', 'frame', 'message', 'capture-ended']))
  const messages = result.events.filter((e) => e.type === 'message' && e.messageType === 'text')
  expect(messages.map((m) => [m.sender, m.compressed])).toEqual([
    ['client', true],
    ['server', true],
  ])
})

test('a page of another origin cannot use the tap or the captures API', async ({ page, baseURL }) => {
  // Another origin on this machine (so Chromium's private-network rules do not interfere):
  // what a malicious local page, or one a DNS rebinding points here, would be.
  const foreign = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>other</title>'))
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve))
  try {
    await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`)
    const outcomes = await page.evaluate(async (appHost) => {
      const attempt = (path: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${appHost}${path}`)
          ws.onopen = () => resolve('open')
          ws.onerror = () => resolve('refused')
        })
      const token = await fetch(`http://${appHost}/api/token`).then(
        (r) => r.text(),
        () => 'unreadable',
      )
      return {
        token,
        captures: await attempt('/api/captures'),
        tap: await attempt(`/tap?target=${encodeURIComponent(`ws://${appHost}/echo`)}`),
        echo: await attempt('/echo'),
      }
    }, new URL(baseURL!).host)
    // /echo is for everyone; the relay, the captures and the access token are not.
    expect(outcomes).toEqual({ token: 'unreadable', captures: 'refused', tap: 'refused', echo: 'open' })
  } finally {
    foreign.close()
  }
})
