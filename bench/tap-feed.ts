/**
 * `npm run bench -- tap-feed`: what the captures feed costs per message, by what the subscriber
 * asks for. One companion server in this process; a client reads /stream through the tap while
 * one binary subscriber counts the bytes of the feed, with `frames` "payloads" (every frame with
 * its payload), "headers" (every frame without it) and "none" (no frames: the app's choice, asking
 * for the frames it shows). Also what the server keeps of the capture's frames for those asks,
 * and what keeping a frame costs the server, against copying its bytes alone; and the server's CPU
 * per message, Direct and through the tap (bench/server-cpu.ts).
 */
import { WebSocket } from 'ws'
import { CAPTURE_API_VERSION, CAPTURES_PATH, tapUrl, type FeedFrames } from '../src/shared/capture-api.ts'
import { decodeCaptureBatch } from '../src/shared/capture-batch.ts'
import { FrameKeep } from '../src/server/capture-frames.ts'
import { startCompanionServer } from '../src/server/http-server.ts'
import { serverCpu } from './server-cpu.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const RATE = 5000
const SIZE = 256

interface FeedFigures {
  messages: number
  bytes: number
  batches: number
  dropped: number
}

async function measure(port: number, frames: FeedFrames, seconds: number): Promise<FeedFigures> {
  const figures: FeedFigures = { messages: 0, bytes: 0, batches: 0, dropped: 0 }
  const captureId = `bench-${frames}`
  const app = new WebSocket(`ws://127.0.0.1:${port}${CAPTURES_PATH}`)
  await new Promise((resolve, reject) => app.once('open', resolve).once('error', reject))
  const subscribed = new Promise<void>((resolve) => {
    app.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return
      figures.bytes += data.length
      figures.batches++
      const decoded = decodeCaptureBatch(new Uint8Array(data.buffer, data.byteOffset, data.length))
      if (!decoded.ok) throw new Error(decoded.error)
      for (const r of decoded.records) {
        if (r.type === 'message') figures.messages++
        else if (r.type === 'dropped') figures.dropped += r.count
        else if (r.type === 'command-result') resolve()
      }
    })
  })
  app.send(JSON.stringify({ type: 'subscribe', version: CAPTURE_API_VERSION, captureId, encoding: 'binary', frames, payloadLimit: 1024 * 1024 }))
  await subscribed
  const before = { ...figures }
  const target = `ws://127.0.0.1:${port}/stream?rate=${RATE}&size=${SIZE}`
  const ws = new WebSocket(tapUrl(`http://127.0.0.1:${port}`, { target, capture: captureId }))
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  ws.terminate()
  await new Promise((resolve) => setTimeout(resolve, 300))
  app.close()
  return {
    messages: figures.messages - before.messages,
    bytes: figures.bytes - before.bytes,
    batches: figures.batches - before.batches,
    dropped: figures.dropped,
  }
}

/** Nanoseconds per frame of `SIZE` bytes: kept by the server's frame store over `captures` captures, and the peer, a copy of its bytes (`slice`, as a store of frame objects would make). */
function frameStoreCost(captures: number, frames: number): { keep: number; copy: number } {
  const header = Uint8Array.from([0x81, 0x7e, SIZE >> 8, SIZE & 0xff])
  const payload = new Uint8Array(SIZE).fill(0x61)
  const keep = new FrameKeep()
  const ids = Array.from({ length: captures }, (_, i) => `bench-${i}`)
  let t = performance.now()
  for (let i = 0; i < frames; i++) {
    const index = Math.floor(i / captures)
    keep.add({ type: 'frame', captureId: ids[i % captures]!, t: i, sender: 'server', index, action: 'relayed', offset: index * (SIZE + 4), header, payload })
  }
  const keepMs = performance.now() - t
  const copies: Uint8Array[] = []
  t = performance.now()
  for (let i = 0; i < frames; i++) {
    copies.push(header.slice(), payload.slice())
    if (copies.length > 40_000) copies.length = 0
  }
  const copyMs = performance.now() - t
  return { keep: (keepMs * 1e6) / frames, copy: (copyMs * 1e6) / frames }
}

export const tapFeedSection: BenchSection = {
  name: 'tap-feed',
  title: `bytes on the captures feed per message through the tap at ${RATE.toLocaleString('en-US')} msg/s of ${SIZE} bytes, by subscribe "frames"`,
  expected: { full: 'about 40 s', quick: 'about 12 s' },
  async run({ quick, log }) {
    const seconds = quick ? 1 : 5
    const server = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, log: () => {} })
    try {
      const table = new LiveTable(['frames', 'messages', 'feed bytes', 'bytes/message', 'MB/s', 'batches', 'dropped'], [8, 9, 11, 13, 6, 7, 7], log)
      for (const frames of ['payloads', 'headers', 'none'] as const) {
        const f = await measure(server.port, frames, seconds)
        const perMessage = f.messages ? f.bytes / f.messages : 0
        table.row([frames, f.messages, f.bytes, perMessage.toFixed(1), (f.bytes / seconds / 1e6).toFixed(2), f.batches, f.dropped])
      }
      log()
      log(
        `frames kept on the server for "frames" asks, over the three captures: ${(server.context.hub.frames.bytes / 1024 / 1024).toFixed(1)} MiB (bounded per capture and in total)`,
      )
      log()
      log(`what keeping a relayed frame of ${SIZE} bytes costs the server, against copying its header and payload (slice):`)
      const store = new LiveTable(['captures', 'keep ns/frame', 'copy ns/frame', 'ratio'], [8, 13, 13, 6], log)
      for (const captures of [1, 10, 100]) {
        const cost = frameStoreCost(captures, quick ? 200_000 : 1_000_000)
        store.row([captures, cost.keep.toFixed(0), cost.copy.toFixed(0), (cost.copy / cost.keep).toFixed(2)])
      }
      log()
      log(
        `the server's CPU per message of /stream at ${RATE.toLocaleString('en-US')} msg/s, read by a bare client that inflates nothing (through the tap, with a feed subscriber as the app):`,
      )
      const cpu = new LiveTable(['via', 'deflate', 'msg/s', 'CPU µs/message', 'cores'], [6, 7, 6, 14, 5], log)
      for (const via of ['direct', 'tap'] as const) {
        for (const deflate of [false, true]) {
          const c = await serverCpu(server.port, via, deflate, RATE, SIZE, seconds)
          cpu.row([via, deflate ? 'on' : 'off', c.messagesPerSecond.toFixed(0), c.cpuMicros.toFixed(1), ((c.cpuMicros * c.messagesPerSecond) / 1e6).toFixed(2)])
        }
      }
    } finally {
      await server.close()
    }
  },
}
