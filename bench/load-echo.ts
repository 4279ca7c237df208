/**
 * Load on the companion server's /echo: many concurrent clients, each sending its messages
 * one after another and waiting for every echo, so each round trip is timed. Client and
 * server share this process (and its event loop): the figures are what one Node process
 * sustains doing both sides, not the server alone.
 */
import { WebSocket } from 'ws'
import { startCompanionServer } from '../src/server/http-server.ts'
import { LiveTable, type BenchSection } from './sections.ts'

export interface EchoLoadOptions {
  clients: number
  messagesPerClient: number
  /** Bytes per message. */
  size: number
  /** permessage-deflate on both sides (the /echo default) or off. */
  deflate: boolean
}

export interface EchoLoadFigures extends EchoLoadOptions {
  sent: number
  received: number
  /** Sent but never echoed (or echoed wrong) before the deadline. */
  lost: number
  wallSeconds: number
  messagesPerSecond: number
  p50Ms: number
  p99Ms: number
}

/** Gives up on echoes still missing this long after the last client started. */
const DEADLINE_MS = 120_000

export async function measureEchoLoad(options: EchoLoadOptions): Promise<EchoLoadFigures> {
  const server = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, limits: { maxConnections: options.clients + 10 } })
  const url = `ws://127.0.0.1:${server.port}/echo${options.deflate ? '' : '?deflate=0'}`
  const rtts: number[] = []
  let sent = 0
  let received = 0
  const started = performance.now()
  try {
    const clients = await Promise.all(Array.from({ length: options.clients }, () => connect(url, options.deflate)))
    await Promise.race([
      Promise.all(
        clients.map(async (ws, client) => {
          for (let seq = 0; seq < options.messagesPerClient; seq++) {
            const message = `${client}:${seq}:`.padEnd(options.size, 'x')
            const t0 = performance.now()
            const echoed = nextText(ws)
            ws.send(message)
            sent++
            if ((await echoed) !== message) return
            rtts.push(performance.now() - t0)
            received++
          }
        }),
      ),
      new Promise((resolve) => setTimeout(resolve, DEADLINE_MS).unref()),
    ])
    for (const ws of clients) ws.terminate()
  } finally {
    await server.close()
  }
  const wallSeconds = (performance.now() - started) / 1000
  rtts.sort((a, b) => a - b)
  const percentile = (p: number) => rtts[Math.min(rtts.length - 1, Math.floor((p / 100) * rtts.length))] ?? NaN
  return {
    ...options,
    sent,
    received,
    lost: sent - received,
    wallSeconds,
    messagesPerSecond: received / wallSeconds,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
  }
}

function connect(url: string, deflate: boolean): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: deflate })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function nextText(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(data.toString())))
}

export const loadSection: BenchSection = {
  name: 'load',
  title: 'the companion server’s /echo under concurrent clients, each waiting for every echo (clients and server in one process)',
  expected: { full: 'about 30 s', quick: 'about 1 s' },
  async run({ quick, log }) {
    const clients = quick ? 100 : 500
    const messagesPerClient = quick ? 20 : 100
    const table = new LiveTable(
      ['/echo', 'clients', 'messages', 'sent', 'received', 'lost', 'wall s', 'msg/s', 'p50 ms', 'p99 ms'],
      [18, 7, 8, 7, 8, 4, 6, 7, 6, 6],
      log,
    )
    for (const deflate of [false, true]) {
      log(`${deflate ? 'permessage-deflate' : 'uncompressed'}: ${clients} clients × ${messagesPerClient} messages…`)
      const r = await measureEchoLoad({ clients, messagesPerClient, size: 64, deflate })
      table.row([
        r.deflate ? 'permessage-deflate' : 'uncompressed',
        r.clients,
        r.messagesPerClient,
        r.sent,
        r.received,
        r.lost,
        r.wallSeconds.toFixed(2),
        r.messagesPerSecond.toFixed(0),
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
      ])
    }
  },
}
