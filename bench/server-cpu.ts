/**
 * The companion server's CPU per message while it streams /stream, Direct and through the tap, with
 * and without permessage-deflate: which part of the server's share of a browser benchmark is the
 * tap and which the stream standing in for the user's server. The reader is a bare TCP client that
 * counts frames and inflates nothing, so this process's CPU is the server's (and, through the tap,
 * that of one captures-feed subscriber asking for no frames, as the app does).
 */
import { connect, type Socket } from 'node:net'
import { WebSocket } from 'ws'
import { CAPTURE_API_VERSION, CAPTURES_PATH, tapUrl } from '../src/shared/capture-api.ts'

export interface ServerCpu {
  messagesPerSecond: number
  /** Process CPU (user + system, all threads) per message. */
  cpuMicros: number
}

/** Counts the frames of a server's byte stream (unmasked, as a server sends them) without reading their payloads. */
class FrameCounter {
  frames = 0
  private pending = new Uint8Array(0)

  push(chunk: Uint8Array): void {
    let bytes = chunk
    if (this.pending.length) {
      bytes = new Uint8Array(this.pending.length + chunk.length)
      bytes.set(this.pending)
      bytes.set(chunk, this.pending.length)
    }
    let p = 0
    for (;;) {
      if (bytes.length - p < 2) break
      const len7 = bytes[p + 1]! & 0x7f
      const header = len7 === 126 ? 4 : len7 === 127 ? 10 : 2
      if (bytes.length - p < header) break
      const length =
        len7 === 126
          ? (bytes[p + 2]! << 8) | bytes[p + 3]!
          : len7 === 127
            ? Number(new DataView(bytes.buffer, bytes.byteOffset + p + 2, 8).getBigUint64(0))
            : len7
      if (bytes.length - p < header + length) break
      p += header + length
      this.frames++
    }
    this.pending = bytes.slice(p)
  }
}

/** Opens a WebSocket to `path` by hand (offering permessage-deflate when asked) and counts the frames that follow. */
function rawReader(port: number, path: string, deflate: boolean): Promise<{ counter: FrameCounter; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const counter = new FrameCounter()
    let head = ''
    socket.once('error', reject)
    socket.on('connect', () => {
      const extension = deflate ? 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n' : ''
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extension}\r\n`,
      )
    })
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`${path}: ${head.slice(0, head.indexOf('\r\n'))}`))
      socket.off('data', onData)
      socket.on('data', (c: Buffer) => counter.push(c))
      counter.push(Buffer.from(head.slice(end + 4), 'latin1'))
      resolve({ counter, socket })
    }
    socket.on('data', onData)
  })
}

/** A captures-feed subscriber for `captureId` that asks for messages and no frames, as the app does. */
async function feedSubscriber(port: number, captureId: string): Promise<WebSocket> {
  const app = new WebSocket(`ws://127.0.0.1:${port}${CAPTURES_PATH}`)
  await new Promise((resolve, reject) => app.once('open', resolve).once('error', reject))
  const subscribed = new Promise<void>((resolve) => app.on('message', () => resolve()))
  app.send(JSON.stringify({ type: 'subscribe', version: CAPTURE_API_VERSION, captureId, encoding: 'binary', frames: 'none', payloadLimit: 64 * 1024 }))
  await subscribed
  return app
}

/** Streams `/stream?rate&size` for `seconds` after half a second of warm-up, Direct or through the tap. */
export async function serverCpu(port: number, via: 'direct' | 'tap', deflate: boolean, rate: number, size: number, seconds: number): Promise<ServerCpu> {
  const stream = `/stream?rate=${rate}&size=${size}${deflate ? '' : '&deflate=0'}`
  const captureId = `cpu-${via}-${deflate}`
  const app = via === 'tap' ? await feedSubscriber(port, captureId) : null
  const tap = new URL(tapUrl(`http://127.0.0.1:${port}`, { target: `ws://127.0.0.1:${port}${stream}`, capture: captureId }))
  const { counter, socket } = await rawReader(port, via === 'tap' ? tap.pathname + tap.search : stream, deflate)
  try {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const frames = counter.frames
    const cpu = process.cpuUsage()
    const started = performance.now()
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    const used = process.cpuUsage(cpu)
    const messages = counter.frames - frames
    return { messagesPerSecond: messages / ((performance.now() - started) / 1000), cpuMicros: messages ? (used.user + used.system) / messages : 0 }
  } finally {
    socket.destroy()
    app?.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
