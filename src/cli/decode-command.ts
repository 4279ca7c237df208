import { parseArgs } from 'node:util'
import { captureJson, decodeCapture, deflateFromExtensions, type CaptureOptions, type DeflateParams } from '../protocol/index.ts'
import { isRawByPrefix, parseInputBytes, type RecognisedInput } from '../input/index.ts'
import { UsageError } from './cli-error.ts'
import { DEFAULT_MAX_INPUT, FilePieces, readSource } from './read-input.ts'
import { formatCapture } from './decode-format.ts'
import { writeJson, writeLines } from './chunked-output.ts'
import type { PayloadArgs } from './decode-payload.ts'
import { captureStats, DECODE_CHUNK, statsOnWorker, type CapturePieces } from './decode-stats.ts'

/** The payload flags (shared/spec/payload-decoding.md); the decoders themselves load only when a run needs them. */
const PAYLOAD_OPTIONS = {
  subprotocol: { type: 'string' },
  payload: { type: 'string', default: 'auto' },
  proto: { type: 'string' },
  'proto-type': { type: 'string' },
} as const

/** `wsinspect decode --help`: it lists the payload decoders, so it loads them. */
export async function decodeUsage(): Promise<string> {
  const { payloadUsage } = await import('./decode-payload.ts')
  return `Usage: wsinspect decode [FILE... | -] --from client|server
                        [--input auto|hex|base64|raw] [--extensions "<value>"]
                        [--max-payload BYTES] [--subprotocol NAME]
                        [--payload auto|none|ID[,ID...]] [--proto FILE --proto-type NAME]
                        [--max-input BYTES] [--json | --stats]

Decodes captured WebSocket bytes of ONE direction (starting at a frame boundary).
  --from client|server   who sent the bytes (clients must mask, servers must not)
  --input FORMAT         auto (default): hex, 0x lists, xxd / hexdump -C / Wireshark
                         dumps, base64, or raw bytes; or force one format
  --extensions VALUE     the negotiated Sec-WebSocket-Extensions response value,
                         e.g. "permessage-deflate; client_max_window_bits=15"
  --max-payload BYTES    largest message after decompression (default 104857600; 0 = none)
  --max-input BYTES      largest input read, per FILE (default ${DEFAULT_MAX_INPUT}; 0 = none)
${payloadUsage()}
  --json                 machine-readable output (JSON Lines for several files)
  --stats                counts only, for large captures`
}

const INPUT_FORMATS = ['auto', 'hex', 'hexdump', 'base64', 'raw'] as const
type InputChoice = (typeof INPUT_FORMATS)[number]
/** `--stats` reads a file this much at a time (decoded while still in the cache). */
const PIECE = 1 << 18
const MAX_INPUT_HINT = ' (--max-input raises it)'

interface DecodeArgs {
  sources: string[]
  options: CaptureOptions
  deflate: DeflateParams | null
  input: InputChoice
  mode: 'human' | 'json' | 'stats'
  maxInput: number
  /** Null when payload decoding is off (`--payload none`, no other payload flag). */
  payload: PayloadArgs | null
}

export async function parseDecodeArgs(argv: string[]): Promise<DecodeArgs> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      input: { type: 'string', default: 'auto' },
      extensions: { type: 'string' },
      'max-payload': { type: 'string' },
      'max-input': { type: 'string' },
      json: { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
      ...PAYLOAD_OPTIONS,
    },
  })
  if (values.from !== 'client' && values.from !== 'server') {
    throw new UsageError(values.from === undefined ? '--from is required: client or server' : `--from must be client or server, not "${values.from}"`)
  }
  if (!INPUT_FORMATS.includes(values.input as InputChoice)) {
    throw new UsageError(`--input must be one of ${INPUT_FORMATS.join(', ')}, not "${values.input}"`)
  }
  if (values.json && values.stats) throw new UsageError('--json and --stats cannot be combined')
  let maxPayload: number | undefined
  if (values['max-payload'] !== undefined) {
    if (!/^\d+$/.test(values['max-payload'])) throw new UsageError(`--max-payload must be a whole number of bytes, not "${values['max-payload']}"`)
    maxPayload = Number(values['max-payload'])
  }
  const maxInput = values['max-input'] === undefined ? DEFAULT_MAX_INPUT : Number(values['max-input'])
  if (!/^\d+$/.test(values['max-input'] ?? '0')) throw new UsageError(`--max-input must be a whole number of bytes, not "${values['max-input']}"`)
  const { params, problem } = deflateFromExtensions(values.extensions)
  if (problem) throw new UsageError(`--extensions: ${problem}`)
  return {
    sources: positionals.length ? positionals : ['-'],
    options: { from: values.from, extensions: values.extensions ?? null, maxPayload },
    deflate: params,
    input: values.input as InputChoice,
    mode: values.json ? 'json' : values.stats ? 'stats' : 'human',
    maxInput,
    payload: payloadOff(values) ? null : await (await import('./decode-payload.ts')).parsePayloadArgs(values),
  }
}

/** Runs `wsinspect decode`; returns the exit status. Unreadable files are reported after the others. */
export async function runDecode(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const args = await parseDecodeArgs(argv)
  const several = args.sources.length > 1
  let failures = 0
  for (const source of args.sources) {
    let input: RecognisedInput
    try {
      const streamed = args.mode === 'stats' ? await statsOfFile(source, args) : null
      if (streamed) {
        out.write(JSON.stringify({ file: source, ...streamed }) + '\n')
        continue
      }
      input = recognise(source, await readSource(source, args.maxInput, MAX_INPUT_HINT), args.input)
    } catch (e) {
      if (!(e instanceof UsageError) || !several) throw e
      err.write(`wsinspect decode: ${e.message}\n`)
      failures++
      continue
    }
    const file = source
    if (args.mode === 'stats') {
      out.write(JSON.stringify({ file, ...(await stats({ read: () => [input.bytes] }, args)) }) + '\n')
    } else {
      const capture = decodeCapture(input.bytes, { ...args.options, chunkSize: DECODE_CHUNK }, args.deflate)
      if (args.mode === 'json') {
        const json = { file, input: { format: input.format, detail: input.detail, bytes: input.bytes.length }, ...captureJson(capture) }
        const { payloadSession } = await import('./decode-payload.ts')
        const session = payloadSession(args.payload)
        json.messages = json.messages.map((m, i) => ({ ...m, payload: session.decodeMessage(m.type, capture.messages[i].data, args.options.from) }))
        // Streamed: millions of frames make a JSON text longer than a string may be.
        await writeJson(out, json, several ? 0 : 2)
        out.write('\n')
      } else {
        await writeLines(out, formatCapture(capture, { file, input, from: args.options.from, deflate: args.deflate, stream: out }))
      }
    }
  }
  return failures ? 2 : 0
}

function recognise(source: string, data: Uint8Array, format: InputChoice): RecognisedInput {
  const result = parseInputBytes(data, format)
  if (!result.ok) throw new UsageError(`${source === '-' ? 'standard input' : source}: ${result.error.message}`)
  return result.value
}

/**
 * `--stats` on a regular file of raw bytes, decoded piece by piece as it is read. Null when the
 * input has to be recognised whole first: text formats, standard input, a small file.
 */
async function statsOfFile(source: string, args: DecodeArgs) {
  if (args.input !== 'raw' && args.input !== 'auto') return null
  const file = FilePieces.open(source, args.maxInput, MAX_INPUT_HINT, PIECE)
  if (!file) return null
  try {
    const onWorker = statsOnWorker(args.payload, file.size)
    const first = file.next(onWorker)
    if (args.input === 'auto' && (first.length === file.size || !isRawByPrefix(first))) return null
    let again = false
    // Read again (into plain memory) only when the worker's counts are refused.
    const read = () => (again ? piecesOf(file, null, false) : ((again = true), piecesOf(file, first, onWorker)))
    return await stats({ read, recycle: (piece) => file.recycle(piece) }, args, onWorker)
  } finally {
    file.close()
  }
}

/** The file's pieces from its start; `first`, its first piece when already read. */
function* piecesOf(file: FilePieces, first: Uint8Array | null, shared: boolean): Generator<Uint8Array> {
  if (first) yield first
  file.seek(first?.length ?? 0)
  for (let piece = file.next(shared); piece.length > 0; piece = file.next(shared)) yield piece
}

/** `--payload none` and no other payload flag: nothing to decode, so the decoders are not loaded. */
function payloadOff(values: { payload?: string; subprotocol?: string; proto?: string; 'proto-type'?: string }): boolean {
  return values.payload?.trim() === 'none' && values.subprotocol === undefined && values.proto === undefined && values['proto-type'] === undefined
}

function stats(source: CapturePieces, args: DecodeArgs, onWorker = false) {
  return captureStats(source, args.options, args.deflate, args.payload, onWorker)
}
