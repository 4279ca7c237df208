import { createHash, type Hash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { computeAccept, encodeFrame, headerValues, Opcode } from '../protocol/index.ts'
import { bytesFromJson } from '../shared/capture-api.ts'
import { parseRequestHead, readHttpHead } from './http-head.ts'
import { CapturesClient, onCleanup, rawUpgrade, runCleanups, startTestServer } from './test-support.ts'

afterEach(runCleanups)

const FRAMES = 800
const PAYLOAD = 64 * 1024 // 800 × 64 KiB = 50 MiB each way
const CLIENT_BYTES = FRAMES * (PAYLOAD + 14) // 64-bit length + masking key
const SERVER_BYTES = FRAMES * (PAYLOAD + 10)

/** Writes FRAMES binary frames numbered in their first 4 bytes, respecting backpressure, hashing what it wrote. */
async function sendFrames(socket: Socket, sender: 'client' | 'server', hash: Hash): Promise<void> {
  const payload = Buffer.alloc(PAYLOAD)
  for (let i = 0; i < PAYLOAD; i++) payload[i] = (i * 31 + (sender === 'client' ? 7 : 11)) & 0xff
  for (let seq = 0; seq < FRAMES; seq++) {
    payload.writeUInt32BE(seq, 0)
    const frame = encodeFrame({ opcode: Opcode.BINARY, payload, mask: sender === 'client' ? 0x01020304 + seq : false })
    hash.update(frame)
    if (!socket.write(frame)) await once(socket, 'drain')
  }
}

/** Hashes what arrives until `total` bytes have. */
function receiveBytes(socket: Socket, first: Buffer, total: number, hash: Hash): Promise<void> {
  let received = 0
  return new Promise((resolve, reject) => {
    const take = (chunk: Buffer) => {
      hash.update(chunk)
      received += chunk.length
      if (received === total) resolve()
      if (received > total) reject(new Error(`received ${received} bytes, more than the ${total} sent`))
    }
    if (first.length) take(first)
    socket.on('data', take)
  })
}

it('relays 50 MiB each way byte-identical while the capture matches what was sent', { timeout: 60_000 }, async () => {
  const hashes = { clientSent: createHash('sha256'), serverGot: createHash('sha256'), serverSent: createHash('sha256'), clientGot: createHash('sha256') }
  // A raw WebSocket server: answers the handshake, then streams and reads frames at once.
  const upstream = createServer()
  const serverDone = new Promise<void>((resolve, reject) => {
    upstream.once('connection', (socket: Socket) => {
      const serve = async () => {
        const head = await readHttpHead(socket, 5000)
        if (!head.ok) throw new Error('no request')
        const key = headerValues(parseRequestHead(head.head)!.headers, 'Sec-WebSocket-Key')[0]
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAccept(key)}\r\n\r\n`)
        const reading = receiveBytes(socket, head.rest, CLIENT_BYTES, hashes.serverGot)
        socket.resume()
        await Promise.all([sendFrames(socket, 'server', hashes.serverSent), reading])
        socket.end()
      }
      serve().then(resolve, reject)
    })
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  onCleanup(() => new Promise((resolve) => upstream.close(resolve)))
  const port = (upstream.address() as { port: number }).port

  const server = await startTestServer()
  const app = await CapturesClient.open(server.port)
  await app.subscribe('bulk', 16)
  const started = performance.now()
  const client = await rawUpgrade(server.port, `/tap?capture=bulk&target=ws://127.0.0.1:${port}/`)
  expect(client.status).toBe(101)
  const reading = receiveBytes(client.socket, client.rest, SERVER_BYTES, hashes.clientGot)
  client.socket.resume()
  await Promise.all([sendFrames(client.socket, 'client', hashes.clientSent), reading, serverDone])
  client.socket.end()
  const ended = await app.waitFor('capture-ended', () => true, 30_000)
  const seconds = (performance.now() - started) / 1000

  expect(hashes.serverGot.digest('hex')).toBe(hashes.clientSent.digest('hex'))
  expect(hashes.clientGot.digest('hex')).toBe(hashes.serverSent.digest('hex'))
  expect(ended.stats!.client).toMatchObject({ frames: FRAMES, messages: FRAMES, wireBytes: CLIENT_BYTES, payloadBytes: FRAMES * PAYLOAD, error: null })
  expect(ended.stats!.server).toMatchObject({ frames: FRAMES, messages: FRAMES, wireBytes: SERVER_BYTES, payloadBytes: FRAMES * PAYLOAD, error: null })
  expect(app.of('dropped')).toEqual([])
  for (const sender of ['client', 'server'] as const) {
    const messages = app.of('message', 'bulk').filter((m) => m.sender === sender)
    expect(messages).toHaveLength(FRAMES)
    messages.forEach((m, seq) => {
      expect(m).toMatchObject({ messageType: 'binary', index: seq, data: { length: PAYLOAD, truncated: true } })
      expect(Buffer.from(bytesFromJson(m.data)).readUInt32BE(0)).toBe(seq)
    })
  }
  console.log(
    `tap relayed ${((CLIENT_BYTES + SERVER_BYTES) / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s (${((CLIENT_BYTES + SERVER_BYTES) / 1e6 / seconds).toFixed(0)} MB/s, both directions decoded)`,
  )
})
