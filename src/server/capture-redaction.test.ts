import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { CAPTURE_API_VERSION } from '../shared/capture-api.ts'
import { CapturesClient, nextMessage, onCleanup, openWs, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

/** A target that sets a cookie in its 101 and records the request it got. */
async function cookieTarget() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => wss.once('listening', resolve))
  onCleanup(() => {
    for (const c of wss.clients) c.terminate()
    return new Promise((resolve) => wss.close(resolve))
  })
  const requests: { url?: string; headers: Record<string, unknown> }[] = []
  wss.on('headers', (headers, req) => {
    headers.push('Set-Cookie: sid=server-secret; Path=/; HttpOnly')
    requests.push({ url: req.url, headers: req.headers })
  })
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data)))
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/feed?token=url-secret&room=1`, requests }
}

describe('secrets in the captures feed', () => {
  it('are redacted unless the subscription asks for them; the relayed handshake is unchanged', async () => {
    const server = await startTestServer()
    const upstream = await cookieTarget()
    const base = `http://127.0.0.1:${server.port}`
    const registered = await fetch(`${base}/api/taps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        target: upstream.url,
        headers: [
          ['Authorization', 'Bearer header-secret'],
          ['Cookie', 'a=cookie-secret'],
        ],
      }),
    })
    const { tapPath } = (await registered.json()) as { tapPath: string }
    const redacted = await CapturesClient.open(server.port)
    await redacted.subscribe('sec')
    const shown = await CapturesClient.open(server.port)
    shown.send({ type: 'subscribe', version: CAPTURE_API_VERSION, captureId: 'sec', showSecrets: true, commandId: 'show' })
    expect(await shown.answer('show')).toMatchObject({ ok: true, message: 'subscribed to capture sec, secrets shown' })

    const ws = await openWs(`ws://127.0.0.1:${server.port}${tapPath}&capture=sec`)
    ws.send('hi')
    await nextMessage(ws)
    // The target got the real values: redaction is about what is reported, never what is relayed.
    expect(upstream.requests[0]).toMatchObject({
      url: '/feed?token=url-secret&room=1',
      headers: { authorization: 'Bearer header-secret', cookie: 'a=cookie-secret' },
    })

    const quiet = JSON.stringify([await redacted.waitFor('capture-started'), await redacted.waitFor('handshake')])
    for (const secret of ['url-secret', 'header-secret', 'cookie-secret', 'server-secret']) expect(quiet).not.toContain(secret)
    const handshake = await redacted.waitFor('handshake')
    expect(handshake.requestText).toMatch(
      /^GET \/feed\?token=\[redacted\]&room=1 HTTP\/1\.1\r\n[^]*Authorization: Bearer \[redacted\]\r\nCookie: a=\[redacted\]\r\n/,
    )
    expect(handshake.report.response!.headers).toContainEqual(['Set-Cookie', 'sid=[redacted]; Path=/; HttpOnly'])
    expect((await redacted.waitFor('capture-started')).target).toBe(upstream.url.replace('url-secret', '[redacted]'))

    const open = JSON.stringify([await shown.waitFor('capture-started'), await shown.waitFor('handshake')])
    for (const secret of ['url-secret', 'header-secret', 'cookie-secret', 'server-secret']) expect(open).toContain(secret)

    // A late subscriber's replay is redacted as well.
    const late = await CapturesClient.open(server.port)
    await late.subscribe('sec')
    expect(JSON.stringify(await late.waitFor('handshake'))).not.toContain('header-secret')
  })
})
