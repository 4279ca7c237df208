import { parseArgs } from 'node:util'
import { captureJson, CaptureStatsCollector, createCaptureDecoder, decodeCapture, deflateFromExtensions, type CaptureOptions, type DeflateParams } from '../protocol/index.ts'
import { parseInputBytes, type RecognisedInput } from '../input/index.ts'
import { UsageError } from './cli-error.ts'
import { DEFAULT_MAX_INPUT, readSource } from './read-input.ts'
import { formatCapture } from './decode-format.ts'
import { writeJson, writeLines } from './chunked-output.ts'
import { PAYLOAD_OPTIONS, PAYLOAD_USAGE, parsePayloadArgs, PayloadCounts, payloadSession, type PayloadArgs } from './decode-payload.ts'

export const DECODE_USAGE = `Usage: wsinspect decode [FILE... | -] --from client|server
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
${PAYLOAD_USAGE}
  --json                 machine-readable output (JSON Lines for several files)
  --stats                counts only, for large captures`

const INPUT_FORMATS = ['auto', 'hex', 'hexdump', 'base64', 'raw'] as const
type InputChoice = (typeof INPUT_FORMATS)[number]
/**
 * Pushing a capture in pieces bounds the memory events take for huge inputs; pieces of a
 * socket's usual size keep each batch of events young for the garbage collector.
 */
const CHUNK = 1 << 16

interface DecodeArgs {
  sources: string[]
  options: CaptureOptions
  deflate: DeflateParams | null
  input: InputChoice
  mode: 'human' | 'json' | 'stats'
  maxInput: number
  payload: PayloadArgs
}

export function parseDecodeArgs(argv: string[]): DecodeArgs {
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
    payload: parsePayloadArgs(values),
  }
}

/** Runs `wsinspect decode`; returns the exit status. Unreadable files are reported after the others. */
export async function runDecode(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const args = parseDecodeArgs(argv)
  const several = args.sources.length > 1
  let failures = 0
  for (const source of args.sources) {
    let input: RecognisedInput
    try {
      input = recognise(source, await readSource(source, args.maxInput, ' (--max-input raises it)'), args.input)
    } catch (e) {
      if (!(e instanceof UsageError) || !several) throw e
      err.write(`wsinspect decode: ${e.message}\n`)
      failures++
      continue
    }
    const file = source
    if (args.mode === 'stats') {
      out.write(JSON.stringify({ file, ...stats(input.bytes, args) }) + '\n')
    } else {
      const capture = decodeCapture(input.bytes, { ...args.options, chunkSize: CHUNK }, args.deflate)
      if (args.mode === 'json') {
        const json = { file, input: { format: input.format, detail: input.detail, bytes: input.bytes.length }, ...captureJson(capture) }
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

function stats(bytes: Uint8Array, args: DecodeArgs) {
  const decoder = createCaptureDecoder(args.options, args.deflate)
  const collector = new CaptureStatsCollector()
  const session = payloadSession(args.payload)
  const payloads = new PayloadCounts()
  const add = () => {
    const events = decoder.eventsReceived()
    collector.add(events)
    for (const e of events) if (e.kind === 'message') payloads.add(session.decodeMessage(e.type, e.data, args.options.from))
  }
  for (let p = 0; p < bytes.length && !decoder.stopped; p += CHUNK) {
    decoder.receiveData(bytes.subarray(p, p + CHUNK))
    add()
  }
  decoder.receiveEof()
  add()
  return { ...collector.finish(decoder), payloads: payloads.counts }
}
