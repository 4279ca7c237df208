import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { fakeEchoListener } from '../server/fake-echo-listener.ts'
import { onCleanup, runCleanups } from '../server/test-support.ts'

const BIN = fileURLToPath(new URL('../../bin/wsinspect.mjs', import.meta.url))

/** The CLI in a child process, asynchronously: the servers it tests live in this process. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr })
    })
  })
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wsinspect-check-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(runCleanups)

describe('wsinspect check', () => {
  it('exits 0 with a section table and writes the JSON and HTML reports of check-cli.md', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    wss.on('connection', (ws) => {
      ws.on('error', () => {})
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
    })
    onCleanup(() => new Promise((resolve) => wss.close(resolve)))
    await new Promise((resolve) => wss.on('listening', resolve))
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`
    const json = join(dir, 'report.json')
    const html = join(dir, 'report.html')
    const r = await run(['check', url, '--cases', '1.1.*,2.*,6.4.1', '--exclude', '2.1*', '--json', json, '--html', html])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Section\s+Cases\s+OK\s+NON-STRICT\s+INFORMATIONAL\s+UNIMPLEMENTED\s+FAILED/)
    expect(r.stdout).toMatch(/^2 Pings\/Pongs\s+8\s+8/m)
    const report = JSON.parse(readFileSync(json, 'utf8'))
    expect(report).toMatchObject({ target: url, server: null, summary: { OK: 16, 'NON-STRICT': 1, INFORMATIONAL: 0, UNIMPLEMENTED: 0, FAILED: 0 } })
    expect(typeof report.durationMs).toBe('number')
    const c = report.cases.find((x: { id: string }) => x.id === '6.4.1')
    expect(Object.keys(c)).toEqual(
      expect.arrayContaining([
        'id',
        'section',
        'title',
        'expectation',
        'behavior',
        'closeBehavior',
        'remoteCloseCode',
        'durationMs',
        'rfc',
        'observed',
        'wire',
      ]),
    )
    expect(c).toMatchObject({ section: '6', behavior: 'NON-STRICT', closeBehavior: 'OK', remoteCloseCode: 1007 })
    expect(c.wire[0]).toEqual({ direction: 'sent', offset: 0, hex: expect.stringMatching(/^01 8b /), truncated: false })
    const page = readFileSync(html, 'utf8')
    expect(page).toMatch(/^<!doctype html>/)
    expect(page).not.toMatch(/<script|https?:\/\//)
  }, 60_000)

  it('exits 1 when a case FAILED, and prints the JSON alone with --json -', async () => {
    const r = await run(['check', `ws://127.0.0.1:${await fakeEchoListener('ignore-rsv')}/`, '--cases', '3.1,1.1.1', '--timeout', '1000', '--json', '-'])
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.server).toBe('fake-echo')
    expect(report.summary).toMatchObject({ OK: 1, FAILED: 1 })
    expect(r.stderr).toMatch(/FAILED 3\.1 /)
  }, 30_000)

  it('exits 2 when the target cannot be tested, with the reason', async () => {
    const stopped = await run(['check', `ws://127.0.0.1:${await fakeEchoListener('stop-echo')}/`, '--cases', '1.*', '--timeout', '1000'])
    expect(stopped.status).toBe(2)
    expect(stopped.stderr).toMatch(/cannot test: .* stopped echoing after case 1\.1\.\d/)
    const refused = await run(['check', 'ws://127.0.0.1:1/'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:1\//)
  }, 30_000)

  it('refuses bad usage with exit status 2 and one line', async () => {
    for (const args of [
      ['check', 'http://example.test/'],
      ['check', 'ws://127.0.0.1:1/', '--timeout', 'soon'],
      ['check', 'ws://127.0.0.1:1/', '--cases', '99.*'],
    ]) {
      const r = await run(args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  }, 30_000)
})
