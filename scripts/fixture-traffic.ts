/**
 * The traffic recorded into the importer's capture fixtures (run by record-fixtures.sh while
 * tshark listens): a `ws` server and a `ws` client in one process exchange a fixed script of
 * messages — text, binary, a fragmented message, pings and their automatic pongs, a large
 * message, the closing handshake — each step waiting for the previous one to arrive, so the
 * order on the wire is known. Writes the expected messages as JSON.
 *
 *   node --import tsx scripts/fixture-traffic.ts --port 18081 [--host ::1] [--deflate] [--tls]
 *        [--expected FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import { parseArgs } from 'node:util'
import { WebSocket, WebSocketServer, type RawData } from 'ws'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    deflate: { type: 'boolean', default: false },
    tls: { type: 'string' },
    expected: { type: 'string' },
  },
})

type Side = 'client' | 'server'
interface Expected {
  sender: Side
  type: 'text' | 'binary' | 'ping' | 'pong' | 'close'
  text?: string
  base64?: string
  closeCode?: number
  /** The text is repeated this many times (keeps the JSON small). */
  repeat?: number
}

const port = Number(values.port)
const host = values.host!
const perMessageDeflate = values.deflate ? { threshold: 0 } : false
const expected: Expected[] = []

/** --tls DIR: a wss server with DIR/key.pem and DIR/cert.pem (the client sends SNI wsinspect.test). */
const tls = values.tls ? { key: readFileSync(`${values.tls}/key.pem`), cert: readFileSync(`${values.tls}/cert.pem`) } : null
const httpsServer = tls ? createServer(tls) : null
const wss = httpsServer ? new WebSocketServer({ server: httpsServer, perMessageDeflate }) : new WebSocketServer({ port, host, perMessageDeflate })
if (httpsServer) await new Promise<void>((resolve) => httpsServer.listen(port, host, resolve))
else await new Promise<void>((resolve) => wss.once('listening', resolve))

const serverSocket = new Promise<WebSocket>((resolve) => wss.once('connection', resolve))
const url = `${tls ? 'wss' : 'ws'}://${host.includes(':') ? `[${host}]` : host}:${port}/fixture?variant=${values.deflate ? 'deflate' : 'plain'}`
const client = new WebSocket(url, { perMessageDeflate, rejectUnauthorized: false, servername: 'wsinspect.test' })
await new Promise((resolve, reject) => {
  client.once('open', resolve)
  client.once('error', reject)
})
const server = await serverSocket
const sockets: Record<Side, WebSocket> = { client, server }
const other = (side: Side): Side => (side === 'client' ? 'server' : 'client')

/** Sends from `side` and resolves when the peer has the message. */
function send(side: Side, data: string | Uint8Array, options: { fin?: boolean } = {}): Promise<void> {
  const arrived = new Promise<void>((resolve) => sockets[other(side)].once('message', () => resolve()))
  sockets[side].send(data, { binary: typeof data !== 'string', fin: options.fin ?? true })
  return options.fin === false ? Promise.resolve() : arrived
}

async function message(side: Side, data: string | Uint8Array): Promise<void> {
  expected.push(
    typeof data === 'string' ? { sender: side, type: 'text', text: data } : { sender: side, type: 'binary', base64: Buffer.from(data).toString('base64') },
  )
  await send(side, data)
}

/** A ping; `ws` answers it with a pong carrying the same data. */
async function ping(side: Side, data: string): Promise<void> {
  const ponged = new Promise<void>((resolve) => sockets[side].once('pong', () => resolve()))
  expected.push({ sender: side, type: 'ping', text: data }, { sender: other(side), type: 'pong', text: data })
  sockets[side].ping(data)
  await ponged
}

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff)

await message('client', 'Hello, server')
await message('server', 'Hello, client')
await message('client', pattern(256))
await message('server', pattern(3000))
await message('client', 'héllo wörld ✓ — UTF-8')
await ping('client', 'client-ping')
await ping('server', 'server-ping')
// A fragmented text message: two frames, FIN on the second.
expected.push({ sender: 'client', type: 'text', text: 'first fragment, second fragment' })
await send('client', 'first fragment, ', { fin: false })
await send('client', 'second fragment')
// Large enough for the 64-bit length form and several TCP segments.
expected.push({ sender: 'server', type: 'text', text: 'wsinspect fixture ', repeat: 4000 })
await send('server', 'wsinspect fixture '.repeat(4000))
await message('client', '')

// Both sides' close events, listened for before the closing handshake starts.
const closed = Promise.all([client, server].map((socket) => new Promise((resolve) => socket.once('close', resolve))))
expected.push({ sender: 'client', type: 'close', closeCode: 1000, text: 'done' }, { sender: 'server', type: 'close', closeCode: 1000, text: 'done' })
client.close(1000, 'done')
await closed
wss.close()
httpsServer?.close()
if (values.expected) writeFileSync(values.expected, `${JSON.stringify(expected, null, 2)}\n`)
