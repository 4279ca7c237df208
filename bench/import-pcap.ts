/**
 * Capture import benchmark: synthesises a pcap of about BENCH_PCAP_MB (default 100) MB —
 * WebSocket messages of mixed sizes over a few TCP connections, one of them with
 * permessage-deflate, cut into 1460-byte segments and interleaved — then times importing it
 * and samples memory at every progress report (once per MiB), the way a worker would run it.
 */
import { computeAccept, MessageEncoder, negotiatedDeflate, utf8Encode } from '../src/protocol/index.ts'
import { LiveTable, type BenchSection } from './sections.ts'
import { importCapture, LinkType, linkFrame, PcapWriter, tcpPacket, TcpConversation, type TcpPacketSpec } from '../src/importers/index.ts'

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const MB = 1024 * 1024

export interface ImportFigures {
  fileMB: number
  packets: number
  connections: number
  messages: number
  /** The first import in the process (cold JIT, as a worker's one import is) and the best of two more. */
  seconds: number
  warmSeconds: number
  mbPerSecond: number
  /** Before the import (the file already in memory) and the peak during it, sampled at each progress report. */
  rssBeforeMB: number
  rssPeakMB: number
  heapBeforeMB: number
  heapPeakMB: number
  /** ArrayBuffer memory (the file, message data) outside the JS heap. */
  arrayBuffersBeforeMB: number
  arrayBuffersPeakMB: number
}

const CONNECTIONS = 4
const DEFLATE_MESSAGE_BYTES = 5 * MB
/** What those 5 MB come to on the wire (they compress well), and packet overhead. */
const DEFLATE_WIRE_ESTIMATE = 1 * MB

/** The pcap, built connection by connection, then interleaved segment by segment. */
export function synthesisePcap(targetBytes: number): { bytes: Uint8Array; packets: number } {
  const streams: TcpPacketSpec[][] = []
  // Connection 0 (permessage-deflate) carries a fixed 5 MB of messages: compressing them is the slow part of building the file.
  for (let c = 0; c < CONNECTIONS; c++) streams.push(connection(c, c === 0 ? DEFLATE_MESSAGE_BYTES : (targetBytes - DEFLATE_WIRE_ESTIMATE) / (CONNECTIONS - 1)))
  const writer = new PcapWriter({ linkType: LinkType.ETHERNET })
  let time = Date.UTC(2024, 0, 1)
  let packets = 0
  for (let i = 0; streams.some((s) => i < s.length); i++) {
    for (const stream of streams) {
      if (i >= stream.length) continue
      writer.packet((time += 0.01), linkFrame(LinkType.ETHERNET, tcpPacket(stream[i])))
      packets++
    }
  }
  return { bytes: writer.toBytes(), packets }
}

function connection(index: number, bytes: number): TcpPacketSpec[] {
  const conversation = new TcpConversation({ address: `10.0.0.${index + 1}`, port: 50000 + index }, { address: '10.0.1.1', port: 8080 + index })
  const extensions = index === 0 ? 'permessage-deflate' : null
  const deflate = negotiatedDeflate(extensions).params
  const key = 'dGhlIHNhbXBsZSBub25jZQ=='
  const specs = [
    ...conversation.handshake(),
    ...conversation.send(
      'client',
      utf8Encode(
        `GET /feed HTTP/1.1\r\nHost: 10.0.1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    ),
    ...conversation.send(
      'server',
      utf8Encode(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAccept(key)}\r\n${extensions ? `Sec-WebSocket-Extensions: ${extensions}\r\n` : ''}\r\n`,
      ),
    ),
  ]
  const client = new MessageEncoder({ sender: 'client', deflate })
  const server = new MessageEncoder({ sender: 'server', deflate })
  const text = 'tick {"price": 101.25, "volume": 1200, "symbol": "WSI"} '
  let written = 0
  for (let n = 0; written < bytes; n++) {
    const size = [200, 1500, 8000, 64000][n % 4]
    const wire =
      n % 5 === 4
        ? client.text(text.repeat(Math.ceil(size / text.length / 4)))
        : n % 3 === 0
          ? server.binary(Uint8Array.from({ length: size }, (_, i) => (i * 31 + n) & 0xff))
          : server.text(text.repeat(Math.ceil(size / text.length)))
    specs.push(...conversation.send(n % 5 === 4 ? 'client' : 'server', wire))
    // Message bytes for the deflate connection, wire bytes (with segment overhead) for the others.
    written += deflate ? size : wire.length * 1.06
  }
  specs.push(conversation.fin('client'), conversation.fin('server'))
  return specs
}

/** A full GC before measuring, so the figures are not the synthesis's garbage (no --expose-gc needed). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

export function measureImport(megabytes = Number(process.env.BENCH_PCAP_MB ?? 100)): ImportFigures {
  const { bytes, packets } = synthesisePcap(megabytes * MB)
  collectGarbage()
  const before = process.memoryUsage()
  const peak = { ...before }
  const sample = () => {
    const now = process.memoryUsage()
    peak.rss = Math.max(peak.rss, now.rss)
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers)
  }
  const started = performance.now()
  const result = importCapture(bytes, { onProgress: sample })
  const seconds = (performance.now() - started) / 1000
  sample()
  if (result.errors.length) throw new Error(`benchmark capture did not import cleanly: ${result.errors[0].message}`)
  const warm = [0, 1].map(() => {
    const start = performance.now()
    importCapture(bytes)
    return (performance.now() - start) / 1000
  })
  return {
    fileMB: bytes.length / MB,
    packets,
    connections: result.sessions.length,
    messages: result.sessions.reduce((n, s) => n + s.messages.length, 0),
    seconds,
    warmSeconds: Math.min(...warm),
    mbPerSecond: bytes.length / MB / seconds,
    rssBeforeMB: before.rss / MB,
    rssPeakMB: peak.rss / MB,
    heapBeforeMB: before.heapUsed / MB,
    heapPeakMB: peak.heapUsed / MB,
    arrayBuffersBeforeMB: before.arrayBuffers / MB,
    arrayBuffersPeakMB: peak.arrayBuffers / MB,
  }
}

export const importSection: BenchSection = {
  name: 'import',
  title: 'importing a synthesised pcap of WebSocket traffic (4 connections, one with permessage-deflate) in Node',
  expected: { full: 'about 40 s', quick: 'about 1 s' },
  async run({ quick, log }) {
    const megabytes = Number(process.env.BENCH_PCAP_MB ?? (quick ? 10 : 100))
    log(`Synthesising a ${megabytes} MB pcap, then importing it once cold and twice warm…`)
    const pcap = measureImport(megabytes)
    new LiveTable(['file MB', 'packets', 'sessions', 'messages', 'import s (cold)', 'import s (warm)', 'MB/s (cold)'], [7, 7, 8, 8, 15, 15, 11], log).row([
      pcap.fileMB.toFixed(1),
      pcap.packets,
      pcap.connections,
      pcap.messages,
      pcap.seconds.toFixed(2),
      pcap.warmSeconds.toFixed(2),
      pcap.mbPerSecond.toFixed(0),
    ])
    log(
      `\nmemory, before → peak during the cold import (the file already loaded): ` +
        `rss ${pcap.rssBeforeMB.toFixed(0)} → ${pcap.rssPeakMB.toFixed(0)} MB, ` +
        `JS heap ${pcap.heapBeforeMB.toFixed(0)} → ${pcap.heapPeakMB.toFixed(0)} MB, ` +
        `ArrayBuffers ${pcap.arrayBuffersBeforeMB.toFixed(0)} → ${pcap.arrayBuffersPeakMB.toFixed(0)} MB`,
    )
    log('target: under 3 s for 100 MB (BENCH_PCAP_MB sets the size)')
  },
}
