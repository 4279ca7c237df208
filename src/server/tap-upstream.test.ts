import { createServer as createHttpServer } from 'node:http'
import { createServer as createNetServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import type { UpstreamErrorKind } from '../shared/capture-api.ts'
import { CapturesClient, localServer, nextMessage, openWs, rawUpgrade, runCleanups, selfSignedCert, startTestServer } from './test-support.ts'

afterEach(runCleanups)

async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Taps `target` and returns what the client got and what the capture reported. */
async function tapFailure(target: string, options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options)
  const app = await CapturesClient.open(server.port)
  await app.subscribe('fail')
  const raw = await rawUpgrade(server.port, `/tap?capture=fail&target=${encodeURIComponent(target)}`)
  const error = await app.waitFor('upstream-error')
  const ended = await app.waitFor('capture-ended')
  return { server, raw, error, ended }
}

describe('tap upstream failures are reported to the client and the app, never crash the server', () => {
  const cases: [UpstreamErrorKind, () => Promise<string>, number, RegExp][] = [
    ['dns', async () => 'ws://no-such-host.invalid/', 502, /cannot resolve no-such-host\.invalid/],
    ['refused', async () => `ws://127.0.0.1:${await freePort()}/`, 502, /refused: nothing listens there/],
    [
      'tls',
      async () => {
        const tls = createTlsServer(selfSignedCert())
        tls.on('tlsClientError', () => {})
        return `wss://127.0.0.1:${await localServer(tls)}/`
      },
      502,
      /TLS handshake with 127\.0\.0\.1 failed: self[- ]signed certificate/,
    ],
    [
      'reset',
      async () => `ws://127.0.0.1:${await localServer(createNetServer(), (s) => s.once('data', () => s.destroy()))}/`,
      502,
      /closed the connection without answering|reset the connection/,
    ],
    [
      'protocol',
      async () => `ws://127.0.0.1:${await localServer(createNetServer(), (s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')))}/`,
      502,
      /did not answer with HTTP: its first line is "SSH-2\.0/,
    ],
  ]

  it.each(cases)('%s', async (kind, target, status, message) => {
    const { server, raw, error, ended } = await tapFailure(await target())
    expect(raw.status).toBe(status)
    expect(raw.head).toMatch(new RegExp(`X-Wsinspect-Upstream-Error: ${kind}`, 'i'))
    expect(raw.rest.toString()).toMatch(message)
    expect(error).toMatchObject({ kind })
    expect(error.message).toMatch(message)
    expect(ended.stats).toBeNull()
    // The server still works.
    const ws = await openWs(`ws://127.0.0.1:${server.port}/echo`)
    ws.send('still here')
    expect((await nextMessage(ws)).data.toString()).toBe('still here')
  })

  it('timeout: a target that never answers, with a short handshake timeout', async () => {
    const port = await localServer(createNetServer())
    const started = Date.now()
    const { raw, error } = await tapFailure(`ws://127.0.0.1:${port}/`, { limits: { handshakeTimeoutMs: 300 } })
    expect(raw.status).toBe(504)
    expect(error).toMatchObject({ kind: 'timeout' })
    expect(error.message).toMatch(/no handshake answer from 127\.0\.0\.1:\d+ within the 300 ms handshake timeout/)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('status: the target answers 403; the client gets that answer, the app its status line and headers', async () => {
    const http = createHttpServer((_req, res) => res.writeHead(403, { 'X-Reason': 'no entry', Connection: 'close' }).end('go away'))
    http.on('upgrade', (_req, socket: Socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\nX-Reason: no entry\r\nContent-Length: 7\r\nConnection: close\r\n\r\ngo away'),
    )
    const port = await localServer(http)
    const { raw, error, server } = await tapFailure(`ws://127.0.0.1:${port}/private`)
    expect(raw.status).toBe(403)
    expect(raw.head).toMatch(/X-Reason: no entry/)
    const app = await CapturesClient.open(server.port)
    await app.subscribe('fail')
    const replayed = await app.waitFor('upstream-error')
    for (const e of [error, replayed]) {
      expect(e).toMatchObject({ kind: 'status', status: { code: 403, text: 'Forbidden', httpVersion: 'HTTP/1.1' } })
      expect(e.status!.headers).toContainEqual(['X-Reason', 'no entry'])
    }
    const handshake = await app.waitFor('handshake')
    expect(handshake.report.response?.status).toBe(403)
  })
})
