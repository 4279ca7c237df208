/**
 * Helpers for the server's integration tests (not shipped behaviour): servers on ephemeral
 * ports, raw TCP WebSocket clients decoded with the core, and a captures API client. Every
 * socket and server registers its cleanup, run by `afterEach(runCleanups)`, so vitest exits.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { WebSocket, type ClientOptions } from 'ws'
import { StreamDecoder, type DecoderEvent, type DeflateParams, type FrameRecord, type MessageRecord, type Finding } from '../protocol/index.ts'
import { CAPTURE_API_VERSION, CAPTURES_PATH, type CaptureCommand, type CaptureEvent, type FeedEncoding, type FeedFrames } from '../shared/capture-api.ts'
import { decodeCaptureBatch, type FeedFramesAnswer, type FeedRecord } from '../shared/capture-batch.ts'
import { readHttpHead } from './http-head.ts'
import { startCompanionServer, type CompanionServer, type ServerOptions } from './http-server.ts'

const cleanups: (() => unknown)[] = []

export function onCleanup(fn: () => unknown): void {
  cleanups.push(fn)
}

export async function runCleanups(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn()
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<CompanionServer> {
  const server = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, log: () => {}, ...options })
  onCleanup(() => server.close())
  return server
}

/** The committed self-signed certificate for localhost / 127.0.0.1 (see testdata/README.md). */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const file = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url))
  return { key: file('self-signed-key.pem'), cert: file('self-signed-cert.pem') }
}

/** A local server on an ephemeral port that `onSocket` drives; returns its port. */
export async function localServer(server: Server, onSocket?: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('error', () => {})
  })
  if (onSocket) server.on('connection', onSocket)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onCleanup(() => {
    for (const s of sockets) s.destroy()
    return new Promise((resolve) => server.close(resolve))
  })
  return (server.address() as { port: number }).port
}

/**
 * A target that accepts TCP and never answers, so a tap's handshake with it stays pending.
 * `accepted` is its first connection, read (and discarded) so that its peer's FIN closes it.
 */
export async function silentTarget(): Promise<{ port: number; accepted: Promise<Socket> }> {
  let accept!: (socket: Socket) => void
  const accepted = new Promise<Socket>((resolve) => (accept = resolve))
  const port = await localServer(createServer(), (socket) => {
    socket.resume()
    accept(socket)
  })
  return { port, accepted }
}

export function connectTcp(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host }, () => resolve(socket))
    socket.once('error', reject)
    onCleanup(() => socket.destroy())
  })
}

export interface RawUpgrade {
  socket: Socket
  status: number
  /** The response head as text. */
  head: string
  /** Bytes that came after the head. */
  rest: Buffer
  key: string
}

/** Opens a WebSocket by hand (so nothing hides or fixes the bytes) and reads the answer's head. */
export async function rawUpgrade(port: number, path: string, headers: [string, string][] = [], host = `127.0.0.1:${port}`): Promise<RawUpgrade> {
  const socket = await connectTcp(port)
  const key = randomBytes(16).toString('base64')
  const fields: [string, string][] = [
    ['Host', host],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', '13'],
    ...headers,
  ]
  socket.write(`GET ${path} HTTP/1.1\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`)
  const result = await readHttpHead(socket, 5000)
  if (!result.ok) throw new Error(`no response head: ${result.reason}`)
  const head = result.head.toString('latin1')
  return { socket, status: Number(head.split(' ')[1]), head, rest: result.rest, key }
}

/** Sends raw bytes and returns everything the server answers until it closes. */
export async function rawExchange(port: number, request: string | Buffer, timeoutMs = 5000): Promise<string> {
  const socket = await connectTcp(port)
  socket.write(request)
  return (await readUntilClosed(socket, Buffer.alloc(0), timeoutMs)).toString('latin1')
}

export function readUntilClosed(socket: Socket, first: Buffer, timeoutMs: number): Promise<Buffer> {
  const chunks = [first]
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the peer did not close within ${timeoutMs} ms`)), timeoutMs)
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks))
    })
    socket.resume()
  })
}

export interface Decoded {
  frames: FrameRecord[]
  messages: MessageRecord[]
  findings: Finding[]
  error: Finding | null
}

/**
 * Reads one direction with the core's decoder until `done` says so (or the decoder stops, or
 * the socket closes). `first` holds bytes already read past the handshake.
 */
export function decodeFrom(
  socket: Socket,
  first: Buffer,
  from: 'client' | 'server',
  deflate: DeflateParams | null,
  done: (d: Decoded) => boolean,
  timeoutMs = 5000,
): Promise<Decoded> {
  const decoder = new StreamDecoder({ from, deflate, keepFramePayloads: true })
  const result: Decoded = { frames: [], messages: [], findings: [], error: null }
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer)
      socket.off('data', onData)
      result.error = decoder.error
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      decoder.receiveData(chunk)
      collect(decoder.eventsReceived(), result)
      if (decoder.stopped || done(result)) finish()
    }
    const timer = setTimeout(() => reject(new Error(`decoding timed out with ${result.messages.length} messages`)), timeoutMs)
    socket.on('data', onData)
    socket.once('close', finish)
    if (first.length) onData(first)
    socket.resume()
  })
}

function collect(events: DecoderEvent[], into: Decoded): void {
  for (const e of events) {
    if (e.kind === 'frame') into.frames.push(e)
    else if (e.kind === 'message') into.messages.push(e)
    else into.findings.push(e.finding)
  }
}

export function openWs(url: string, options: ClientOptions = {}, protocols: string[] = [], listen?: (ws: WebSocket) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, options)
  onCleanup(() => ws.terminate())
  // Before 'open': messages that came with the 101 response are emitted as soon as it opens.
  listen?.(ws)
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

/** Polls `condition` until it holds; fails after `timeoutMs` naming `what` it waited for. */
export async function until(condition: () => boolean, what = 'the condition', timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })))
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}

type EventOf<T extends CaptureEvent['type']> = Extract<CaptureEvent, { type: T }>

/** An app's connection to /api/captures, keeping every event it receives. */
export class CapturesClient {
  /** JSON events, and the events other than frames and messages of binary batches. */
  readonly events: CaptureEvent[] = []
  /** With `encoding: 'binary'`: every record of every batch, and how many batches came. */
  readonly records: FeedRecord[] = []
  /** With `encoding: 'binary'`: the answers to `frames` requests. */
  readonly answers: FeedFramesAnswer[] = []
  batches = 0
  private feed: { encoding?: FeedEncoding; frames?: FeedFrames } = {}
  private waiters: (() => void)[] = []

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const decoded = decodeCaptureBatch(new Uint8Array(data.buffer, data.byteOffset, data.length))
        if (!decoded.ok) throw new Error(decoded.error)
        this.batches++
        this.records.push(...decoded.records)
        for (const r of decoded.records) {
          if (r.type === 'frames') this.answers.push(r)
          else if (r.type !== 'frame' && r.type !== 'message') this.events.push(r)
        }
      } else this.events.push(JSON.parse(data.toString()))
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  /** Subscribes from now on with these feed options (`encoding`, `frames`). */
  use(options: { encoding?: FeedEncoding; frames?: FeedFrames }): this {
    this.feed = options
    return this
  }

  static async open(port: number, headers: Record<string, string> = {}): Promise<CapturesClient> {
    let client: CapturesClient | undefined
    await openWs(`ws://127.0.0.1:${port}${CAPTURES_PATH}`, { headers }, [], (ws) => (client = new CapturesClient(ws)))
    return client!
  }

  send(command: CaptureCommand | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(command))
  }

  async subscribe(captureId: string, payloadLimit?: number): Promise<void> {
    const commandId = `sub-${captureId}-${this.events.length}`
    this.send({ type: 'subscribe', version: CAPTURE_API_VERSION, captureId, payloadLimit, commandId, ...this.feed })
    await this.waitFor('command-result', (e) => e.commandId === commandId)
  }

  /** The first event (received so far or later) of this type that matches. */
  waitFor<T extends CaptureEvent['type']>(type: T, match: (e: EventOf<T>) => boolean = () => true, timeoutMs = 5000): Promise<EventOf<T>> {
    return this.waitUntil((e): e is EventOf<T> => e.type === type && match(e as EventOf<T>), `${type} event`, timeoutMs)
  }

  /** The answer to a command: its command-result, or the error it caused. */
  answer(commandId: string): Promise<EventOf<'command-result'> | EventOf<'error'>> {
    return this.waitUntil(
      (e): e is EventOf<'command-result'> | EventOf<'error'> => (e.type === 'command-result' || e.type === 'error') && e.commandId === commandId,
      `answer to ${commandId}`,
    )
  }

  private async waitUntil<E extends CaptureEvent>(match: (e: CaptureEvent) => e is E, what: string, timeoutMs = 5000): Promise<E> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.events.find(match)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(', ')}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** How many frames and messages of `captureId` arrived, as JSON events or in binary batches. */
  delivered(captureId: string): number {
    const ofCapture = (r: CaptureEvent | FeedRecord) => (r.type === 'frame' || r.type === 'message') && r.captureId === captureId
    return this.events.filter(ofCapture).length + this.records.filter(ofCapture).length
  }

  of<T extends CaptureEvent['type']>(type: T, captureId?: string): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type && (captureId === undefined || ('captureId' in e && e.captureId === captureId)))
  }
}
