import { createHash, randomBytes } from 'node:crypto'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { forwardedHeaders, rewriteLocation } from './app-proxy.ts'
import { parseAppTarget, type AppTarget } from './app-target.ts'
import { CapturesClient, nextMessage, onCleanup, openWs, rawExchange, rawUpgrade, runCleanups, selfSignedCert, startTestServer } from './test-support.ts'

afterEach(runCleanups)

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const target = (text: string) => parseAppTarget(text) as AppTarget

/** The app: answers every request with what it saw, serves /download/N, redirects, and has a deflating WebSocket. */
async function startApp(server: Server = createServer()): Promise<{
  port: number
  origin: string
  seen: { method: string; url: string; headers: IncomingMessage['headers']; bodyHash: string; bodyLength: number }[]
}> {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; bodyHash: string; bodyLength: number }[] = []
  server.on('request', (req: IncomingMessage, res) => {
    const hash = createHash('sha256')
    let length = 0
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      length += chunk.length
    })
    req.on('end', () => {
      const bodyHash = hash.digest('hex')
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, bodyHash, bodyLength: length })
      const download = /^\/download\/(\d+)$/.exec(req.url!)
      if (download) {
        const size = Number(download[1])
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'X-Sha256': sha256(pseudoRandom(size)) })
        // Written in pieces, without Content-Length: the answer is chunked.
        const body = pseudoRandom(size)
        let at = 0
        const more = () => {
          while (at < size) {
            const piece = body.subarray(at, (at += 1 << 20))
            if (!res.write(piece)) return void res.once('drain', more)
          }
          res.end()
        }
        return more()
      }
      if (req.url === '/redirect') res.writeHead(302, { Location: `http://127.0.0.1:${port}/landing?x=1`, 'X-Other': `http://127.0.0.1:${port}/` })
      else if (req.url === '/redirect-away') res.writeHead(302, { Location: 'http://example.invalid/elsewhere' })
      else if (req.url === '/redirect-relative') res.writeHead(303, { Location: '/relative' })
      else res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': ['a=1', 'b=2'] })
      res.end(`${req.method} ${req.url} ${length} ${bodyHash}`)
    })
  })
  const wss = new WebSocketServer({ server, perMessageDeflate: { threshold: 0 } })
  wss.on('connection', (ws, req) => {
    ws.send(`origin=${req.headers.origin}`)
    ws.on('message', (data, isBinary) => ws.send(isBinary ? data : `echo:${data}`, { binary: isBinary }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onCleanup(() => {
    for (const ws of wss.clients) ws.terminate()
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  const port = (server.address() as { port: number }).port
  return { port, origin: `http://127.0.0.1:${port}`, seen }
}

function pseudoRandom(size: number): Buffer {
  // Deterministic, incompressible-looking bytes, the same on both ends.
  const out = Buffer.alloc(size)
  let x = 0x12345678
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out.writeInt32LE(x | 0, Math.min(i, size - 4))
  }
  return out
}

async function proxyFor(app: { origin: string }, insecure = false) {
  const server = await startTestServer()
  const proxy = await server.listenAppProxy(0, { target: target(app.origin), insecure })
  return { server, proxy, base: `http://127.0.0.1:${proxy.port}` }
}

function fetchRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | Buffer[] } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    const body = options.body
    if (Array.isArray(body)) for (const piece of body) req.write(piece)
    else if (body) req.write(body)
    req.end()
  })
}

describe('wsinspect proxy: HTTP', () => {
  it('passes 50 MB through in both directions unchanged (equal SHA-256)', async () => {
    const app = await startApp()
    const { base } = await proxyFor(app)
    const size = 50 * 1024 * 1024
    const upload = randomBytes(size)
    const up = await fetchRaw(`${base}/upload`, { method: 'PUT', body: upload, headers: { 'Content-Type': 'application/octet-stream' } })
    expect(up.status).toBe(200)
    expect(app.seen.at(-1)).toMatchObject({ method: 'PUT', bodyLength: size, bodyHash: sha256(upload) })
    const down = await fetchRaw(`${base}/download/${size}`)
    expect(down.body.length).toBe(size)
    expect(sha256(down.body)).toBe(down.headers['x-sha256'])
  }, 60_000)

  it('streams chunked bodies of any method, keeps fields (repeated ones too) and rewrites only Host', async () => {
    const app = await startApp()
    const { base, proxy } = await proxyFor(app)
    const pieces = [Buffer.from('first,'), Buffer.from('second')]
    const res = await fetchRaw(`${base}/items/7?q=a%20b`, {
      method: 'DELETE',
      body: pieces,
      headers: { 'Transfer-Encoding': 'chunked', 'X-Custom': 'kept', Cookie: 'c=1' },
    })
    expect(res.body.toString()).toBe(`DELETE /items/7?q=a%20b 12 ${sha256(Buffer.concat(pieces))}`)
    const seen = app.seen.at(-1)!
    expect(seen.headers).toMatchObject({ host: `127.0.0.1:${app.port}`, 'x-custom': 'kept', cookie: 'c=1' })
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2'])
    // A page of the app itself (served by the proxy) posting: its Origin is the app's to the app.
    await fetchRaw(`${base}/form`, { method: 'POST', body: Buffer.from('x=1'), headers: { Origin: `http://127.0.0.1:${proxy.port}` } })
    expect(app.seen.at(-1)!.headers.origin).toBe(app.origin)
  })

  it('rewrites Location fields that name the app, and nothing else', async () => {
    const app = await startApp()
    const { base } = await proxyFor(app)
    const redirect = await fetchRaw(`${base}/redirect`)
    expect(redirect.status).toBe(302)
    expect(redirect.headers.location).toBe(`${base}/landing?x=1`)
    expect(redirect.headers['x-other']).toBe(`${app.origin}/`)
    expect((await fetchRaw(`${base}/redirect-away`)).headers.location).toBe('http://example.invalid/elsewhere')
    expect((await fetchRaw(`${base}/redirect-relative`)).headers.location).toBe('/relative')
    const t = target('http://localhost:3000')
    expect(rewriteLocation('//localhost:3000/a#b', t, 'http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000/a#b')
    expect(rewriteLocation('https://localhost:3000/a', t, 'http://127.0.0.1:9000')).toBe('https://localhost:3000/a')
    expect(rewriteLocation('http://localhost:30001/a', t, 'http://127.0.0.1:9000')).toBe('http://localhost:30001/a')
  })

  it('refuses foreign Host names, cross-origin posts, absolute-form targets and CONNECT: it is no open relay', async () => {
    const app = await startApp()
    const { proxy } = await proxyFor(app)
    const ask = (text: string) => rawExchange(proxy.port, text)
    expect(await ask(`GET / HTTP/1.1\r\nHost: evil.example:${proxy.port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403 [^]*DNS rebinding/)
    expect(await ask(`POST /x HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 403 [^]*Origin "http:\/\/evil\.example" may not/,
    )
    expect(await ask(`GET http://example.com/ HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 400 [^]*forwards paths of its target only/,
    )
    expect(await ask(`CONNECT example.com:443 HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 405 [^]*not a forward proxy/)
    expect((await rawUpgrade(proxy.port, '/socket', [['Origin', 'http://evil.example']], `127.0.0.1:${proxy.port}`)).status).toBe(403)
    // The app's own pages, loaded from the app itself, may.
    expect((await rawUpgrade(proxy.port, '/socket', [['Origin', app.origin]], `127.0.0.1:${proxy.port}`)).status).toBe(101)
    expect(app.seen.filter((s) => s.url !== '/socket')).toEqual([])
  })

  it('reaches an https:// target with --insecure, and explains the refused certificate without it', async () => {
    const app = await startApp(createHttpsServer(selfSignedCert()) as unknown as Server)
    const origin = `https://127.0.0.1:${app.port}`
    const secure = await proxyFor({ origin }, true)
    expect((await fetchRaw(`${secure.base}/hello`)).body.toString()).toMatch(/^GET \/hello 0 /)
    const strict = await proxyFor({ origin }, false)
    const refused = await fetchRaw(`${strict.base}/hello`)
    expect(refused.status).toBe(502)
    expect(refused.body.toString()).toMatch(/did not answer: .*(self[- ]signed|certificate)/i)
  })

  it('keeps connections alive between requests', async () => {
    const app = await startApp()
    const { proxy } = await proxyFor(app)
    const answers = await rawExchange(
      proxy.port,
      `GET /a HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\n\r\nGET /b HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nConnection: close\r\n\r\n`,
    )
    expect(answers.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2)
    expect(app.seen.map((s) => s.url)).toEqual(['/a', '/b'])
  })
})

describe('wsinspect proxy: WebSockets', () => {
  it('taps every upgrade as a proxy capture, deflate and all, with the app’s origin upstream', async () => {
    const app = await startApp()
    const { server, proxy } = await proxyFor(app)
    const inspector = await CapturesClient.open(server.port)
    await inspector.subscribe('*')
    const ws = await openWs(`ws://127.0.0.1:${proxy.port}/live?room=1`, { perMessageDeflate: true, headers: { Origin: `http://127.0.0.1:${proxy.port}` } })
    const first = nextMessage(ws)
    expect((await first).data.toString()).toBe(`origin=${app.origin}`)
    ws.send('hi')
    expect((await nextMessage(ws)).data.toString()).toBe('echo:hi')
    expect(await inspector.waitFor('capture-started')).toMatchObject({ mode: 'proxy', target: `ws://127.0.0.1:${app.port}/live?room=1` })
    expect((await inspector.waitFor('handshake')).deflate).not.toBeNull()
    await inspector.waitFor('message', (m) => m.sender === 'client' && m.compressed)
  })

  it('forwardedHeaders drops hop-by-hop fields, and those Connection names', () => {
    const headers = forwardedHeaders(
      ['Host', 'x', 'Connection', 'keep-alive, X-Hop', 'X-Hop', '1', 'Keep-Alive', 'timeout=5', 'Accept', 'a', 'Accept', 'b'],
      target('http://localhost:3000'),
      'http://127.0.0.1:9000',
    )
    expect(headers).toEqual({ Host: 'localhost:3000', Accept: ['a', 'b'] })
  })
})
