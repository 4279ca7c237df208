import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { tapSettings } from './tap-sessions.ts'
import { connectTcp, rawUpgrade, readUntilClosed, runCleanups, silentTarget, startTestServer } from './test-support.ts'

afterEach(runCleanups)

/** Far beyond the test's own timeout: a shutdown that waited for it would fail the test. */
const HANDSHAKE_TIMEOUT_MS = 600_000

describe('shutdown gives up upstream handshakes still pending', () => {
  it.each(['ws', 'wss'])('/tap to a %s:// target that never answers: 503 to the client, upstream socket destroyed', async (scheme) => {
    const target = await silentTarget()
    const server = await startTestServer({ limits: { handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS } })
    const answer = rawUpgrade(server.port, `/tap?target=${encodeURIComponent(`${scheme}://127.0.0.1:${target.port}/`)}`)
    const upstream = await target.accepted
    const upstreamClosed = once(upstream, 'close')
    await server.close()
    await upstreamClosed
    const raw = await answer
    expect(raw.status).toBe(503)
    expect(raw.head).toMatch(/X-Wsinspect-Upstream-Error: aborted/i)
    // The server closes the client's socket too, after the answer.
    const body = await readUntilClosed(raw.socket, raw.rest, 5000)
    expect(body.toString()).toMatch(/^wsinspect tap: gave up the handshake with 127\.0\.0\.1:\d+: wsinspect is shutting down\n$/)
  })

  it('proxy mode: the same, and connections that never sent a request are dropped', async () => {
    const target = await silentTarget()
    const server = await startTestServer({ limits: { handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS } })
    const proxy = await server.listenProxy(0, tapSettings({ target: `ws://127.0.0.1:${target.port}/` }))
    const idle = await connectTcp(proxy.port)
    const idleClosed = once(idle, 'close')
    const answer = rawUpgrade(proxy.port, '/', [], `127.0.0.1:${proxy.port}`)
    const upstream = await target.accepted
    const upstreamClosed = once(upstream, 'close')
    await server.close()
    await Promise.all([upstreamClosed, idleClosed])
    const raw = await answer
    expect(raw.status).toBe(503)
    expect(raw.head).toMatch(/X-Wsinspect-Upstream-Error: aborted/i)
  })
})
