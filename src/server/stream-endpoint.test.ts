import { afterEach, describe, expect, it } from 'vitest'
import { closed, openWs, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

describe('/stream', () => {
  it('pushes JSON events at the asked rate and size, then closes after count', async () => {
    const server = await startTestServer()
    const ws = await openWs(`ws://127.0.0.1:${server.port}/stream?rate=2000&size=300&count=100`)
    const events: { stream: string; seq: number; active_users: number; skipped: number }[] = []
    ws.on('message', (data) => {
      expect((data as Buffer).length).toBe(300)
      events.push(JSON.parse(data.toString()))
    })
    const started = performance.now()
    expect(await closed(ws)).toEqual({ code: 1000, reason: 'sent 100 events' })
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(events[0]).toMatchObject({ stream: 'active_users_stream', skipped: 0 })
    // 100 events at 2000/s take about 50 ms: neither all at once nor a tick apiece.
    expect(performance.now() - started).toBeGreaterThan(30)
  })

  it.each([
    ['rate=0', /rate must be a whole number from 1 to 50000, not "0"/],
    ['rate=60000', /rate must be a whole number from 1 to 50000/],
    ['size=10', /size must be a whole number from 64 to 1048576/],
    ['speed=1', /unknown query parameter "speed"/],
  ])('refuses %s', async (query, reason) => {
    const server = await startTestServer()
    const raw = await rawUpgrade(server.port, `/stream?${query}`)
    expect(raw.status).toBe(400)
    expect(raw.rest.toString()).toMatch(reason)
  })
})
