import { createServer as createHttpsServer } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import type { CheckEvent, CheckStart } from '../shared/check-api.ts'
import { CHECK_PATH, checkUrl } from '../shared/check-api.ts'
import { verdictOf } from '../check/report.ts'
import type { Fault } from '../check/testing/fake-echo-server.ts'
import { runCheck, type CheckOptions } from './check-runner.ts'
import { fakeEchoListener } from './fake-echo-listener.ts'
import { onCleanup, runCleanups, selfSignedCert, silentTarget, startTestServer } from './test-support.ts'

afterEach(runCleanups)

async function wsEcho(perMessageDeflate: boolean | object, server?: ReturnType<typeof createHttpsServer>): Promise<number> {
  const wss = server ? new WebSocketServer({ server, perMessageDeflate }) : new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
  })
  onCleanup(() => new Promise((resolve) => wss.close(resolve)))
  if (server) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onCleanup(() => new Promise((resolve) => server.close(resolve)))
    return (server.address() as { port: number }).port
  }
  await new Promise((resolve) => wss.on('listening', resolve))
  return (wss.address() as { port: number }).port
}

/** A raw TCP server on 127.0.0.1 running one FakeEchoServer per connection. */

async function check(port: number, options: Partial<CheckOptions> = {}) {
  // A short timeout (and so a short wait for a server that does nothing): these servers are local.
  return runCheck({ url: `ws://127.0.0.1:${port}/`, timeoutMs: 1200, ...options })
}

function failedSections(outcome: Awaited<ReturnType<typeof check>>): string[] {
  return [...new Set(outcome.report.cases.filter((c) => verdictOf(c) === 'FAILED').map((c) => c.section))].sort()
}

describe('wsinspect check against ws', () => {
  it('finds no FAILED case in a full default run with permessage-deflate, and compression works', async () => {
    const outcome = await check(await wsEcho({ threshold: 0 }), { timeoutMs: 10_000 })
    expect(outcome.kind).toBe('done')
    const failed = outcome.report.cases.filter((c) => verdictOf(c) === 'FAILED')
    expect(failed.map((c) => `${c.id}: ${c.observed}`)).toEqual([])
    expect(outcome.report.summary.UNIMPLEMENTED).toBe(0)
    expect(outcome.report.cases.length).toBeGreaterThan(500)
    expect(outcome.report.cases.filter((c) => c.section === '13').every((c) => c.behavior === 'OK')).toBe(true)
  }, 120_000)

  it('finds no FAILED case without permessage-deflate; only the compression cases are UNIMPLEMENTED', async () => {
    const outcome = await check(await wsEcho(false), { cases: 'H.*,1.*,2.*,3.*,4.*,7.*,12.*.1,13.*.1' })
    expect(failedSections(outcome)).toEqual([])
    const unimplemented = outcome.report.cases.filter((c) => verdictOf(c) === 'UNIMPLEMENTED').map((c) => c.section)
    expect(new Set(unimplemented)).toEqual(new Set(['H', '12', '13']))
    expect(outcome.report.cases.filter((c) => c.section === '12' || c.section === '13').every((c) => c.behavior === 'UNIMPLEMENTED')).toBe(true)
  }, 60_000)

  it('tests a wss:// server with --insecure, and refuses its self-signed certificate without', async () => {
    const port = await wsEcho(false, createHttpsServer(selfSignedCert()))
    const url = `wss://127.0.0.1:${port}/`
    const ok = await runCheck({ url, cases: '1.1.*', insecure: true, timeoutMs: 5000 })
    expect(ok.kind).toBe('done')
    expect(failedSections(ok)).toEqual([])
    const refused = await runCheck({ url, cases: '1.1.1', timeoutMs: 5000 })
    expect(refused.kind).toBe('untestable')
    expect(refused.kind === 'untestable' && refused.reason).toMatch(/cannot connect.*(self.signed|certificate)/i)
  }, 30_000)
})

describe('wsinspect check against servers that break one rule', () => {
  const SAMPLE = 'H.*,1.1.*,2.*,3.*,4.*,5.*,6.1.*,6.3.*,6.5.*,6.12.*,7.*,9.7.1,10.*,12.1.1,13.1.1'
  it.each<[Fault, string[]]>([
    ['no-pong', ['2', '5']],
    ['no-utf8-check', ['6']],
    ['ignore-rsv', ['3']],
    ['ignore-opcodes', ['4']],
    ['bad-close', ['7']],
    ['bad-handshake', ['H']],
    ['bad-deflate', ['12', '13', 'H']],
  ])(
    'catches %s in section(s) %j and nowhere else',
    async (fault, sections) => {
      const outcome = await check(await fakeEchoListener(fault), { cases: SAMPLE })
      expect(outcome.kind).toBe('done')
      expect(failedSections(outcome)).toEqual([...sections].sort())
    },
    60_000,
  )

  it('passes the same sample against the conforming fake server', async () => {
    const outcome = await check(await fakeEchoListener(), { cases: SAMPLE })
    expect(failedSections(outcome)).toEqual([])
  }, 60_000)

  it('stops with the reason when the server stops echoing', async () => {
    const outcome = await check(await fakeEchoListener('stop-echo'), { cases: '1.*' })
    expect(outcome.kind).toBe('untestable')
    expect(outcome.kind === 'untestable' && outcome.reason).toMatch(/stopped echoing after case 1\.1\.\d/)
  }, 30_000)

  it('gives up on a silent server after the timeout instead of hanging', async () => {
    const { port } = await silentTarget()
    const started = Date.now()
    const outcome = await check(port, { timeoutMs: 500 })
    expect(outcome.kind).toBe('untestable')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('is cancelled by its signal', async () => {
    const controller = new AbortController()
    const outcome = check(await fakeEchoListener('ignore-rsv'), {
      cases: '3.*',
      signal: controller.signal,
      onCaseStart: (_, i) => i === 1 && controller.abort(),
    })
    await expect(outcome).resolves.toMatchObject({ kind: 'cancelled' })
  })
})

describe('/api/check on the companion server', () => {
  it('streams the results of a check of its own /echo, and obeys the Origin and token rules of /api', async () => {
    const server = await startTestServer()
    const api = `ws://127.0.0.1:${server.port}${CHECK_PATH}`
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(api, { origin: 'http://evil.example' })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(refused).toBe(403)
    const tokenless = await new Promise<number>((resolve) => {
      const ws = new WebSocket(api, { origin: server.url.replace(/\/$/, '') })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => {})
    })
    expect(tokenless).toBe(403)
    const origin = server.url.replace(/\/$/, '')
    const ws = new WebSocket(checkUrl(origin, server.context.policy.token), { origin })
    onCleanup(() => ws.terminate())
    ws.on('error', () => {})
    const events: CheckEvent[] = []
    const finished = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as CheckEvent
        events.push(event)
        if (event.type === 'finished' || event.type === 'error') resolve()
      }),
    )
    await new Promise((resolve) => ws.on('open', resolve))
    ws.send(JSON.stringify({ type: 'start', url: `ws://127.0.0.1:${server.port}/echo`, cases: '1.1.*,3.1' } satisfies CheckStart))
    await finished
    expect(events[0]).toEqual({ type: 'started', total: 9 })
    expect(events.filter((e) => e.type === 'case')).toHaveLength(9)
    const last = events.at(-1)
    expect(last).toMatchObject({ type: 'finished', outcome: 'done', reason: null, report: { summary: { OK: 9, FAILED: 0 } } })
  }, 30_000)

  it('answers a bad request with an error event', async () => {
    const server = await startTestServer()
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${CHECK_PATH}`)
    onCleanup(() => ws.terminate())
    await new Promise((resolve) => ws.on('open', resolve))
    const reply = new Promise<CheckEvent>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    ws.send(JSON.stringify({ type: 'start', url: 'http://not-ws.example/' }))
    expect(await reply).toEqual({ type: 'error', message: expect.stringMatching(/not a ws:\/\/ or wss:\/\/ URL/) })
  })
})
