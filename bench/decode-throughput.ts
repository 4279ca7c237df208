/**
 * Decode throughput of the protocol core against ws's Receiver, on the same buffers in the
 * same run. Both are fed the stream in 64 KiB chunks, the way a socket delivers it, and both
 * must deliver every message (the counts are checked).
 */
import { MessageEncoder, StreamDecoder, DEFAULT_DEFLATE_PARAMS, type DeflateParams } from '../src/protocol/index.ts'
import { createWsReceiver, type ReferenceOptions } from './ws-reference.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const MB = 1024 * 1024
const CHUNK = 64 * 1024
/** Size of each stream: BENCH_MB (default 100, or 10 with --quick). */
export function streamBytes(quick: boolean): number {
  return Number(process.env.BENCH_MB ?? (quick ? 10 : 100)) * MB
}
/** Encoded once, then repeated: a stream without compression has no state between messages. */
const BLOCK_BYTES = 1 * MB

interface Stream {
  name: string
  from: 'client' | 'server'
  deflate: DeflateParams | null
  chunks: Uint8Array[]
  bytes: number
  messages: number
}

/**
 * Encodes messages until the stream holds at least `target` bytes. Without compression a
 * block of about 1 MB is encoded once and repeated (encoding 100 MB of small messages took
 * minutes); a compressed stream is encoded whole, since each message depends on the ones before.
 */
function buildStream(
  name: string,
  from: 'client' | 'server',
  deflate: DeflateParams | null,
  target: number,
  block: (encoder: MessageEncoder) => Uint8Array[],
): Stream {
  const encoder = new MessageEncoder({ sender: from, deflate })
  const frames: Uint8Array[] = []
  let bytes = 0
  const encodeTarget = deflate ? target : Math.min(target, BLOCK_BYTES)
  while (bytes < encodeTarget) {
    for (const f of block(encoder)) {
      frames.push(f)
      bytes += f.length
    }
  }
  const copies = Math.ceil(target / bytes)
  const whole = new Uint8Array(bytes * copies)
  let p = 0
  for (const f of frames) {
    whole.set(f, p)
    p += f.length
  }
  for (let c = 1; c < copies; c++) whole.copyWithin(c * bytes, 0, bytes)
  const chunks: Uint8Array[] = []
  for (let i = 0; i < whole.length; i += CHUNK) chunks.push(whole.subarray(i, i + CHUNK))
  return { name, from, deflate, chunks, bytes: whole.length, messages: frames.length * copies }
}

function event(i: number): string {
  return JSON.stringify({ stream: 'active_users_stream', seq: i, ts: 1489650354000 + i, users: 1000 + (i % 97), region: ['eu', 'us', 'ap'][i % 3] })
}

type StreamRecipe = [name: string, from: 'client' | 'server', deflate: DeflateParams | null, block: (encoder: MessageEncoder) => Uint8Array[]]

function recipes(): StreamRecipe[] {
  let seq = 0
  const binary64k = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) & 0xff)
  return [
    ['small unmasked server frames (~110 B text)', 'server', null, (e) => [e.text(event(seq++))]],
    ['small masked client frames (~110 B text)', 'client', null, (e) => [e.text(event(seq++))]],
    ['large 64 KiB frames (binary, unmasked)', 'server', null, (e) => [e.binary(binary64k)]],
    ['large 64 KiB frames (binary, masked)', 'client', null, (e) => [e.binary(binary64k)]],
    [
      'permessage-deflate, context takeover (JSON batches)',
      'server',
      DEFAULT_DEFLATE_PARAMS,
      (e) => [e.text(`[${Array.from({ length: 20 }, () => event(seq++)).join(',')}]`)],
    ],
  ]
}

/** The benchmark's streams, built one at a time as they are needed. */
export function* buildStreams(target: number, names: readonly string[] = []): Generator<Stream> {
  for (const [name, from, deflate, block] of recipes()) {
    // Compressed, 100 MB on the wire would be about a gigabyte of JSON to encode first.
    if (names.length === 0 || names.includes(name)) yield buildStream(name, from, deflate, deflate ? target / 4 : target, block)
  }
}

/** The first two streams: small text messages from a server and from a client. */
export const SMALL_SERVER_STREAM = 'small unmasked server frames (~110 B text)'
export const SMALL_CLIENT_STREAM = 'small masked client frames (~110 B text)'

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
export async function measureThroughput(target: number, rounds = 3, onRow: (row: ThroughputRow) => void = () => {}): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = []
  for (const stream of buildStreams(target)) {
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

export const decodeSection: BenchSection = {
  name: 'decode',
  title: 'decode throughput in one process: the protocol core vs ws’s Receiver on the same buffers (64 KiB chunks)',
  expected: { full: 'about 3 min', quick: 'about 10 s' },
  async run({ quick, log }) {
    const target = streamBytes(quick)
    log(
      `Five streams of ${(target / MB).toFixed(0)} MB (the compressed one a quarter of that), built one at a time; best of 3 alternating runs each, more for streams decoded in under a second.\n`,
    )
    const table = new LiveTable(['stream', 'MB', 'messages', 'core MB/s', 'ws MB/s', 'ratio'], [52, 4, 8, 9, 7, 5], log)
    await measureThroughput(target, quick ? 1 : 3, (r) =>
      table.row([r.stream, r.megabytes.toFixed(0), r.messages, r.coreMBs.toFixed(0), r.wsMBs.toFixed(0), r.ratio.toFixed(2)]),
    )
    log('\nratio = core throughput / ws throughput (≥ 1.0: the core is at least as fast)')
  },
}
