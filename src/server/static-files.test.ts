import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

let appDir: string
beforeAll(() => {
  appDir = mkdtempSync(join(tmpdir(), 'wsinspect-dist-'))
  mkdirSync(join(appDir, 'assets'))
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(appDir, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(appDir, 'favicon.svg'), '<svg/>')
  return () => rmSync(appDir, { recursive: true, force: true })
})

describe('the app’s static files', () => {
  async function get(path: string, init: RequestInit = {}) {
    const server = await startTestServer({ appDir })
    return fetch(`http://127.0.0.1:${server.port}${path}`, init)
  }

  it('serves index.html at / for revalidation, and hashed assets for a year, with their MIME types', async () => {
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(await index.text()).toBe('<!doctype html><title>app</title>')
    const asset = await get('/assets/index-abc123.js')
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml')
  })

  it('falls back to index.html for app routes, but not for missing files', async () => {
    expect(await (await get('/sessions/42')).text()).toMatch(/<title>app<\/title>/)
    const missing = await get('/assets/gone.js')
    expect(missing.status).toBe(404)
  })

  it('answers a matching ETag with 304, HEAD without a body, and other methods with 405', async () => {
    const first = await get('/')
    const again = await get('/', { headers: { 'If-None-Match': first.headers.get('etag')! } })
    expect(again.status).toBe(304)
    const head = await get('/favicon.svg', { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe('6')
    expect(await head.text()).toBe('')
    expect((await get('/', { method: 'DELETE' })).status).toBe(405)
  })

  it('never leaves its directory', async () => {
    const server = await startTestServer({ appDir })
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%00index.html']) {
      const response = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)
      expect(response).toMatch(/^HTTP\/1\.1 400/)
      expect(response).not.toMatch(/root:/)
    }
  })

  it('while the app is being built, says so and reloads itself instead of a 404; then serves it', async () => {
    let building = true
    const server = await startTestServer({ appDir, appBuilding: () => building })
    const page = await fetch(`http://127.0.0.1:${server.port}/sessions`)
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('2')
    expect(page.headers.get('connection')).toBe('close')
    const html = await page.text()
    expect(html).toMatch(/Building the app/)
    expect(html).toMatch(/<meta http-equiv="refresh" content="2">/)
    building = false
    expect(await (await fetch(`http://127.0.0.1:${server.port}/sessions`)).text()).toMatch(/<title>app<\/title>/)
  })
})
