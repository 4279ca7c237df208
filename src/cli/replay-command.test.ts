import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { exportSessionsJson } from '../importers/session-json.ts'
import { recordedSession } from '../shared/testing/recorded-session.ts'
import { main } from './main.ts'
import { replayPlan } from '../shared/replay-plan.ts'

const dir = mkdtempSync(join(tmpdir(), 'wsinspect-replay-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const servers: WebSocketServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

/** A recorded conversation with an echo server that answers "echo:" + message, after a greeting. */
function sessionFile(): string {
  const session = recordedSession(
    [
      [1000, 'server', 'welcome'],
      [1010, 'client', 'a'],
      [1011, 'server', 'echo:a'],
      [1060, 'client', 'b'],
      [1061, 'server', 'echo:b'],
      [1070, 'client', 'c'],
      [1071, 'server', 'echo:c'],
    ],
    { id: 's1', url: 'ws://example.invalid/' },
  )
  const path = join(dir, 'session.json')
  writeFileSync(path, exportSessionsJson([session]))
  return path
}

async function server(answer: (message: string) => string): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  servers.push(wss)
  await new Promise<void>((r) => wss.once('listening', r))
  wss.on('connection', (ws) => {
    ws.send('welcome')
    ws.on('message', (d) => ws.send(answer(String(d))))
  })
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`
}

async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  const out = { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WriteStream
  const err = { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WriteStream
  const status = await main(['replay', ...args], out, err)
  return { status, stdout, stderr }
}

describe('wsinspect replay', () => {
  it('plans steps with the answers that followed each client message', () => {
    const plan = replayPlan(
      recordedSession([
        [0, 'server', 'hi'],
        [5, 'client', 'a'],
        [6, 'server', 'A'],
        [9, 'client', 'b'],
      ]),
    )
    expect(plan.greeting.map((m) => new TextDecoder().decode(m.data))).toEqual(['hi'])
    expect(plan.steps.map((s) => [s.gapMs, s.recorded.length])).toEqual([
      [0, 1],
      [4, 0],
    ])
  })

  it('exits 0 when every answer matches, at full speed and at scaled timing', async () => {
    const target = await server((m) => `echo:${m}`)
    const fast = await run([sessionFile(), '--target', target, '--speed', 'max'])
    expect(fast.stdout).toMatch(/3 of 3 answered as recorded\n$/)
    expect(fast.status).toBe(0)
    const scaled = await run([sessionFile(), '--target', target, '--speed', '10', '--json'])
    expect(JSON.parse(scaled.stdout)).toMatchObject({ differing: 0, steps: [{ sent: 'text "a"', same: true }, {}, {}] })
    expect(scaled.status).toBe(0)
  })

  it('exits 1 and shows recorded and new answers when they differ', async () => {
    const target = await server((m) => (m === 'b' ? 'changed' : `echo:${m}`))
    const r = await run([sessionFile(), '--target', target, '--speed', 'max', '--wait', '300'])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('≠ 2/3 sent text "b"\n    recorded text "echo:b"\n    now      text "changed"\n')
    expect(r.stdout).toMatch(/2 of 3 answered as recorded, 1 differ/)
  })

  it('exits 3 when the target cannot be reached, 2 for bad usage', async () => {
    const unreachable = await run([sessionFile(), '--target', 'ws://127.0.0.1:1/', '--wait', '500'])
    expect(unreachable.status).toBe(3)
    expect(unreachable.stderr).toMatch(/^wsinspect replay: cannot connect to ws:\/\/127\.0\.0\.1:1\/: /)
    expect((await run([sessionFile()])).stderr).toMatch(/--target URL is required/)
    expect((await run([join(dir, 'none.json'), '--target', 'ws://x/'])).stderr).toMatch(/cannot read .*none\.json: no such file/)
    expect((await run([sessionFile(), '--target', 'ws://x/', '--speed', '0'])).status).toBe(2)
  })
})
