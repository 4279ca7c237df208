/**
 * `npm run bench -- hostile`: replays the attacks of issue 11 against a companion server in a
 * child process on 127.0.0.1, while another client keeps using /echo, and reports the server's
 * peak memory and whether /echo stayed responsive. Every attack is bounded in bytes and time
 * (BENCH_HOSTILE_MB sets the volume of the two streaming attacks).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { WebSocket } from 'ws'
import { computeAccept } from '../src/protocol/index.ts'
import { LiveTable, type BenchSection } from './sections.ts'

export interface HostileRow {
  attack: string
  /** What was sent, e.g. "256 MB". */
  sent: string
  seconds: number
  /** How the server answered, in words. */
  outcome: string
  /** The server's resident memory when the attack ended, and its peak since it started (MB). */
  rssMB: number
  peakRssMB: number
  /** The slowest /echo round trip during the attack (ms), and echoes not answered within 2 s. */
  echoMaxMs: number
  echoLate: number
}

const MB = 1024 * 1024
const TIME_LIMIT_MS = 120_000
const ECHO_EVERY_MS = 100
const ECHO_LATE_MS = 2000

/** The server child: its port and a way to ask it for its memory. */
class ServerChild {
  private readonly answers: ((line: string) => void)[] = []

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
  ) {}

  static async start(): Promise<ServerChild> {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./hostile-server.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'pipe'] })
    child.stderr.pipe(process.stderr)
    const lines = createInterface({ input: child.stdout })
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve)
      child.once('exit', (code) => reject(new Error(`the server child exited with ${code} before listening`)))
    })
    const server = new ServerChild(child, (JSON.parse(first) as { port: number }).port)
    lines.on('line', (line) => server.answers.shift()?.(line))
    return server
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  async memory(): Promise<{ rssMB: number; peakRssMB: number }> {
    if (!this.alive) return { rssMB: NaN, peakRssMB: NaN }
    const line = await new Promise<string>((resolve) => {
      this.answers.push(resolve)
      this.child.stdin.write('rss\n')
    })
    const { rss, maxRss } = JSON.parse(line) as { rss: number; maxRss: number }
    return { rssMB: rss / MB, peakRssMB: maxRss / MB }
  }

  async stop(): Promise<void> {
    if (!this.alive) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.stdin.end()
    await exited
  }
}

/** Another client of the server: an /echo round trip every ECHO_EVERY_MS, timed. */
class EchoProbe {
  private maxMs = 0
  private late = 0
  private timer: NodeJS.Timeout | null = null

  private constructor(private readonly ws: WebSocket) {}

  static async open(port: number): Promise<EchoProbe> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`)
    ws.on('error', () => {})
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    return new EchoProbe(ws)
  }

  start(): void {
    this.maxMs = 0
    this.late = 0
    let pending: { sent: number; settled: boolean } | null = null
    this.timer = setInterval(() => {
      if (pending && !pending.settled) {
        // Still waiting: it counts as late once, and its wait as the round trip so far.
        this.maxMs = Math.max(this.maxMs, performance.now() - pending.sent)
        return
      }
      const probe = { sent: performance.now(), settled: false }
      pending = probe
      this.ws.once('message', () => {
        probe.settled = true
        const ms = performance.now() - probe.sent
        this.maxMs = Math.max(this.maxMs, ms)
        if (ms > ECHO_LATE_MS) this.late++
      })
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send('ping?')
    }, ECHO_EVERY_MS)
  }

  stop(): { echoMaxMs: number; echoLate: number } {
    if (this.timer) clearInterval(this.timer)
    return { echoMaxMs: this.maxMs, echoLate: this.late + (this.ws.readyState === WebSocket.OPEN ? 0 : 1) }
  }

  close(): void {
    this.ws.terminate()
  }
}

/** A WebSocket target for the tap that accepts permessage-deflate and then discards whatever arrives. */
async function sinkTarget(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy())
    let head = ''
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onData)
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? ''
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAccept(key)}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`,
      )
      socket.resume()
    }
    socket.on('data', onData)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as { port: number }).port, server }
}

/** A raw client of the tap: its upgrade answer's status line, and the socket to write on. */
async function rawTap(port: number, target: string, extraHeaders = '', encode = true): Promise<{ socket: Socket; status: string }> {
  const socket = connect({ port, host: '127.0.0.1' })
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(
    `GET /tap?target=${encode ? encodeURIComponent(target) : target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n${extraHeaders}\r\n`,
  )
  const status = await new Promise<string>((resolve) => {
    let text = ''
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (!text.includes('\r\n')) return
      socket.off('data', onData)
      resolve(text.split('\r\n')[0])
    }
    socket.on('data', onData)
    socket.once('close', () => resolve(text.split('\r\n')[0] || 'closed'))
  })
  socket.resume()
  return { socket, status }
}

/** Writes `chunk` again and again until `total` bytes are out, the socket closes, or time runs out; resolves with the bytes written. */
async function pump(socket: Socket, first: Buffer, chunk: Buffer, total: number): Promise<number> {
  const deadline = Date.now() + TIME_LIMIT_MS
  let written = 0
  const write = (bytes: Buffer) =>
    new Promise<boolean>((resolve) => {
      if (socket.destroyed || !socket.writable) return resolve(false)
      written += bytes.length
      if (socket.write(bytes)) return resolve(true)
      const done = (ok: boolean) => {
        socket.off('drain', onDrain)
        socket.off('close', onClose)
        resolve(ok)
      }
      const onDrain = () => done(true)
      const onClose = () => done(false)
      socket.once('drain', onDrain)
      socket.once('close', onClose)
    })
  if (!(await write(first))) return written
  while (written < total && Date.now() < deadline) if (!(await write(chunk))) break
  return written
}

/** Masks `payload` in place with `key` (a multiple of 4 long, so the pattern repeats from chunk to chunk). */
function masked(payload: Buffer, key: Buffer): Buffer {
  for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3]
  return payload
}

/** Attack 1: a compressed frame claiming 2^50 bytes, then empty stored deflate blocks (00 00 00 ff ff) forever. */
async function hugeCompressedFrame(port: number, target: string, bytes: number): Promise<string> {
  const { socket, status } = await rawTap(port, target)
  if (!status.includes(' 101 ')) return `refused: ${status}`
  const key = randomBytes(4)
  const header = Buffer.alloc(14)
  header[0] = 0x80 | 0x40 | 0x02 // FIN, RSV1, binary
  header[1] = 0x80 | 127
  header.writeBigUInt64BE(2n ** 50n, 2)
  key.copy(header, 10)
  const block = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff])
  const chunk = masked(Buffer.concat(Array.from({ length: 4 * 13107 }, () => block)), key) // 262,140 bytes, a multiple of 4 and 5
  const written = await pump(socket, header, chunk, bytes)
  socket.destroy()
  return `${(written / MB).toFixed(0)} MB relayed or refused by the server`
}

/** Attack 2: one message as 1-byte fragments (7 wire bytes each). */
async function oneByteFragments(port: number, target: string, bytes: number): Promise<string> {
  const { socket, status } = await rawTap(port, target)
  if (!status.includes(' 101 ')) return `refused: ${status}`
  const key = Buffer.from([1, 2, 3, 4])
  const frame = (opcode: number) => Buffer.concat([Buffer.from([opcode, 0x81]), key, Buffer.from([0x61 ^ key[0]])])
  const first = frame(0x01)
  const chunk = Buffer.concat(Array.from({ length: 36_000 }, () => frame(0x00)))
  const written = await pump(socket, first, chunk, bytes)
  socket.destroy()
  return `${(written / 7 / 1e6).toFixed(1)} M fragments sent`
}

/** Attack 3: /tap nested 450 times around /echo (unencoded: each `target` is the rest of the query). */
async function nestedTap(port: number): Promise<string> {
  const target = `${`ws://127.0.0.1:${port}/tap?target=`.repeat(449)}ws://127.0.0.1:${port}/echo`
  const { socket, status } = await rawTap(port, target, '', false)
  socket.destroy()
  return status
}

/** Attack 4: pages of other origins (another loopback address, a foreign name) on /tap, /api/captures and /api/token. */
async function crossOrigin(port: number): Promise<string> {
  const outcomes: string[] = []
  for (const origin of [`http://127.0.0.2:${port}`, 'http://evil.example']) {
    const { socket, status } = await rawTap(port, `ws://127.0.0.1:${port}/echo`, `Origin: ${origin}\r\n`)
    socket.destroy()
    outcomes.push(status.split(' ')[1])
    const captures = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/captures`, { origin })
      ws.once('open', () => (ws.terminate(), resolve('101')))
      ws.once('unexpected-response', (_req, res) => (ws.terminate(), resolve(String(res.statusCode))))
      ws.once('error', () => resolve('error'))
    })
    outcomes.push(captures)
    outcomes.push(String((await fetch(`http://127.0.0.1:${port}/api/token`, { headers: { Origin: origin } })).status))
  }
  return `statuses ${outcomes.join(' ')} (/tap, /api/captures, /api/token per origin)`
}

/**
 * Runs each attack on a fresh server child (so each peak is that attack's own), with an /echo
 * probe from another client throughout. The first row is an idle server, for comparison.
 */
export async function measureHostile(volumeMB: number): Promise<HostileRow[]> {
  const sink = await sinkTarget()
  const sinkUrl = `ws://127.0.0.1:${sink.port}/`
  const rows: HostileRow[] = []
  const run = async (attack: string, sent: string, work: (port: number) => Promise<string>) => {
    const server = await ServerChild.start()
    const probe = await EchoProbe.open(server.port)
    probe.start()
    const started = performance.now()
    let outcome: string
    try {
      outcome = await work(server.port)
    } catch (e) {
      outcome = `failed: ${(e as Error).message}`
    }
    const seconds = (performance.now() - started) / 1000
    // Give the server a moment to finish what it had queued, with the probe still going.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const echo = probe.stop()
    const memory = await server.memory()
    rows.push({ attack, sent, seconds, outcome: server.alive ? outcome : `${outcome}; THE SERVER DIED`, ...memory, ...echo })
    probe.close()
    await server.stop()
  }
  try {
    await run('none (an idle server)', '—', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      return 'idle'
    })
    await run('RSV1 frame of 2^50 bytes, empty stored blocks', `${volumeMB} MB`, (port) => hugeCompressedFrame(port, sinkUrl, volumeMB * MB))
    await run('one message in 1-byte fragments', `${volumeMB} MB`, (port) => oneByteFragments(port, sinkUrl, volumeMB * MB))
    await run('/tap nested 450 times', '1 request', nestedTap)
    await run('cross-origin /tap, /api', '6 requests', crossOrigin)
  } finally {
    sink.server.close()
  }
  return rows
}

export const hostileSection: BenchSection = {
  name: 'hostile',
  title: 'hostile clients against a companion server in a child process, while another client uses /echo every 100 ms',
  expected: { full: 'about 2 min', quick: 'about 15 s' },
  async run({ quick, log }) {
    const volumeMB = Number(process.env.BENCH_HOSTILE_MB ?? (quick ? 32 : 256))
    log(`Each attack sends up to ${volumeMB} MB (BENCH_HOSTILE_MB sets it)…\n`)
    const table = new LiveTable(['attack', 'sent', 's', 'rss MB', 'peak rss MB', '/echo max ms', '/echo late', 'outcome'], [28, 10, 5, 6, 11, 12, 10, 20], log)
    const rows = await measureHostile(volumeMB)
    for (const r of rows)
      table.row([r.attack, r.sent, r.seconds.toFixed(1), r.rssMB.toFixed(0), r.peakRssMB.toFixed(0), r.echoMaxMs.toFixed(0), r.echoLate, r.outcome])
    const peak = Math.max(...rows.map((r) => r.peakRssMB))
    const late = rows.reduce((sum, r) => sum + r.echoLate, 0)
    log(
      `\ntarget: the server stays under 600 MB (peak ${peak.toFixed(0)} MB: ${peak < 600 ? 'met' : 'NOT met'}) and keeps serving /echo (${late} echoes over 2 s: ${late === 0 ? 'met' : 'NOT met'})`,
    )
  },
}
