import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { rawUpgrade, runCleanups, silentTarget } from '../server/test-support.ts'
import { main } from './main.ts'

afterEach(runCleanups)

const BIN = fileURLToPath(new URL('../../bin/wsinspect.mjs', import.meta.url))

/** Runs the CLI in this process (bad usage never gets as far as listening). */
async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  // The commands only write() to their streams.
  const out = { write: (s: string) => (stdout += s) } as unknown as NodeJS.WriteStream
  const err = { write: (s: string) => (stderr += s) } as unknown as NodeJS.WriteStream
  const status = await main(args, out, err)
  return { status, stdout, stderr }
}

describe('wsinspect serve and tap: bad usage', () => {
  it.each([
    [['serve', '--port', '99999'], /--port must be a port number from 0 to 65535, not "99999"/],
    [['--port', 'eighty'], /--port must be a whole number, not "eighty"/],
    [['serve', '--allow-origin', 'http://localhost:5173/app'], /--allow-origin must be an origin such as http:\/\/localhost:5173/],
    [['serve', '--max-connections', '0'], /--max-connections must be a whole number of at least 1/],
    [['serve', 'extra'], /unexpected argument "extra"/],
    [['serve', '--bogus'], /bogus/],
    [['tap', '--target', 'ws://example.test'], /--listen PORT is required/],
    [['tap', '--listen', '0'], /--target URL is required/],
    [['tap', '--listen', '0', '--target', 'https://example.test'], /target must be a ws:\/\/ or wss:\/\/ URL, not https:\/\/ \(did you mean wss:\/\/\?\)/],
    [['tap', '--listen', '0', '--target', 'ws://example.test', '--header', 'NoColon'], /--header must look like "Name: value"/],
    [['tap', '--listen', '0', '--target', 'ws://example.test', '--header', 'Host: other'], /the Host header cannot be set/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await run(args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says so in one line when the port is taken', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const { port } = busy.address() as { port: number }
    try {
      const r = await run(['serve', '--port', String(port)])
      expect(r.status).toBe(2)
      expect(r.stderr.trim()).toBe(`wsinspect serve: port ${port} on 127.0.0.1 is already in use (another wsinspect?); choose another with --port`)
    } finally {
      busy.close()
    }
  })

  it('prints its usage', async () => {
    expect((await run(['tap', '--help'])).stdout).toMatch(/^Usage: wsinspect tap --listen PORT --target/)
    expect((await run(['serve', '--help'])).stdout).toMatch(/--allow-origin ORIGIN/)
  })
})

describe('wsinspect serve: running', () => {
  it('serves, and on SIGINT closes its connections with 1001 and exits 0', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.resume()
    try {
      while (!/running at (http:\S+)/.test(stdout)) await once(child.stdout, 'data')
      const url = /running at (http:\S+)/.exec(stdout)![1]
      // A stale app is rebuilt while the server already answers (503 "Building the app…").
      let page = await fetch(url)
      for (let i = 0; i < 120 && page.status === 503; i++) {
        expect(await page.text()).toMatch(/Building the app/)
        await new Promise((resolve) => setTimeout(resolve, 1000))
        page = await fetch(url)
      }
      expect(await page.text()).toMatch(/<div id="root">/)
      const ws = new WebSocket(`${url.replace('http', 'ws')}echo`)
      await once(ws, 'open')
      const closedWith = once(ws, 'close')
      const exited = once(child, 'exit')
      child.kill('SIGINT')
      expect((await closedWith)[0]).toBe(1001)
      expect((await exited)[0]).toBe(0)
      expect(stdout).toMatch(/Shutting down/)
    } finally {
      child.kill('SIGKILL')
    }
  })
})

describe('wsinspect tap: running', () => {
  it('on SIGINT gives up an upstream handshake still pending and exits 0', { timeout: 60_000 }, async () => {
    // A handshake timeout far beyond the test's own: exiting must not wait for it.
    const target = await silentTarget()
    const args = ['tap', '--port', '0', '--listen', '0', '--target', `ws://127.0.0.1:${target.port}/`, '--handshake-timeout', '600000']
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.resume()
    try {
      const listening = /wsinspect proxy: ws:\/\/127\.0\.0\.1:(\d+)/
      while (!listening.test(stdout)) await once(child.stdout, 'data')
      const proxyPort = Number(listening.exec(stdout)![1])
      const answer = rawUpgrade(proxyPort, '/', [], `127.0.0.1:${proxyPort}`)
      const upstreamClosed = once(await target.accepted, 'close')
      const exited = once(child, 'exit')
      child.kill('SIGINT')
      expect((await exited)[0]).toBe(0)
      await upstreamClosed
      expect((await answer).head).toMatch(/^HTTP\/1\.1 503 [^]*X-Wsinspect-Upstream-Error: aborted/)
    } finally {
      child.kill('SIGKILL')
    }
  })
})
