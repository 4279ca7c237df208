/**
 * Decode throughput of the protocol core against ws's Receiver, on the same buffers in the
 * same run. Both are fed the stream in 64 KiB chunks, the way a socket delivers it, and both
 * must deliver every message (the counts are checked).
 */
import { MessageEncoder, StreamDecoder, DEFAULT_DEFLATE_PARAMS, type DeflateParams } from '../src/protocol/index.ts'
import { createWsReceiver, type ReferenceOptions } from './ws-reference.ts'

const MB = 1024 * 1024
const CHUNK = 64 * 1024
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 100) * MB

interface Stream {
  name: string
  from: 'client' | 'server'
  deflate: DeflateParams | null
  chunks: Uint8Array[]
  bytes: number
  messages: number
}

/** Repeats a block of encoded messages until the stream holds at least TARGET_BYTES. */
function buildStream(name: string, from: 'client' | 'server', deflate: DeflateParams | null, block: (encoder: MessageEncoder) => Uint8Array[]): Stream {
  const encoder = new MessageEncoder({ sender: from, deflate })
  const frames: Uint8Array[] = []
  let bytes = 0
  while (bytes < TARGET_BYTES) {
    for (const f of block(encoder)) {
      frames.push(f)
      bytes += f.length
    }
  }
  const whole = new Uint8Array(bytes)
  let p = 0
  for (const f of frames) {
    whole.set(f, p)
    p += f.length
  }
  const chunks: Uint8Array[] = []
  for (let i = 0; i < whole.length; i += CHUNK) chunks.push(whole.subarray(i, i + CHUNK))
  return { name, from, deflate, chunks, bytes, messages: frames.length }
}

function event(i: number): string {
  return JSON.stringify({ stream: 'active_users_stream', seq: i, ts: 1489650354000 + i, users: 1000 + (i % 97), region: ['eu', 'us', 'ap'][i % 3] })
}

export function buildStreams(): Stream[] {
  let seq = 0
  const binary64k = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) & 0xff)
  return [
    buildStream('small unmasked server frames (~110 B text)', 'server', null, (e) => [e.text(event(seq++))]),
    buildStream('small masked client frames (~110 B text)', 'client', null, (e) => [e.text(event(seq++))]),
    buildStream('large 64 KiB frames (binary, unmasked)', 'server', null, (e) => [e.binary(binary64k)]),
    buildStream('large 64 KiB frames (binary, masked)', 'client', null, (e) => [e.binary(binary64k)]),
    buildStream('permessage-deflate, context takeover (JSON batches)', 'server', DEFAULT_DEFLATE_PARAMS, (e) => [e.text(`[${Array.from({ length: 20 }, () => event(seq++)).join(',')}]`)]),
  ]
}

/** Runs the core over the stream; returns milliseconds. */
function runCore(stream: Stream): number {
  const start = performance.now()
  const decoder = new StreamDecoder({ from: stream.from, deflate: stream.deflate, maxPayload: 0 })
  let messages = 0
  for (const chunk of stream.chunks) {
    decoder.receiveData(chunk)
    for (const e of decoder.eventsReceived()) if (e.kind === 'message') messages++
  }
  const ms = performance.now() - start
  if (messages !== stream.messages || decoder.error) throw new Error(`core: ${messages}/${stream.messages} messages, ${decoder.error?.message ?? 'no error'}`)
  return ms
}

/** Runs ws's Receiver over the stream; resolves with milliseconds once every message arrived. */
async function runWs(stream: Stream): Promise<number> {
  const options: ReferenceOptions = { from: stream.from, maxPayload: 0, extensions: stream.deflate ? 'permessage-deflate' : null }
  // ws unmasks in place, so it gets its own copy of the bytes (made before the clock starts).
  const buffers = stream.chunks.map((c) => Buffer.from(c))
  let messages = 0
  const start = performance.now()
  const receiver = createWsReceiver(options, () => messages++)
  for (const b of buffers) {
    await new Promise<void>((resolve, reject) => receiver.write(b, (error) => (error ? reject(error) : resolve())))
  }
  const ms = performance.now() - start
  if (messages !== stream.messages) throw new Error(`ws: ${messages}/${stream.messages} messages`)
  return ms
}

export interface ThroughputRow {
  stream: string
  megabytes: number
  messages: number
  coreMBs: number
  wsMBs: number
  ratio: number
}

/**
 * A stream decoded at memory speed takes ~20 ms a pass, so one garbage collection decides a
 * best of 3: fast streams get more rounds, up to about this much time for both sides.
 */
const MIN_MEASURED_MS = 2000
const MAX_ROUNDS = 25

/**
 * Best of `rounds` (more for fast streams) alternating runs for each side, so warm-up and GC
 * noise hit both alike.
 */
export async function measureThroughput(rounds = 3, onRow: (row: ThroughputRow) => void = () => {}): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = []
  for (const stream of buildStreams()) {
    let core = Infinity
    let ws = Infinity
    let spent = 0
    for (let r = 0; r < rounds || (r < MAX_ROUNDS && spent < MIN_MEASURED_MS); r++) {
      const coreMs = runCore(stream)
      const wsMs = await runWs(stream)
      core = Math.min(core, coreMs)
      ws = Math.min(ws, wsMs)
      spent += coreMs + wsMs
    }
    const megabytes = stream.bytes / MB
    rows.push({
      stream: stream.name,
      megabytes,
      messages: stream.messages,
      coreMBs: megabytes / (core / 1000),
      wsMBs: megabytes / (ws / 1000),
      ratio: ws / core,
    })
    onRow(rows[rows.length - 1])
  }
  return rows
}
