/**
 * `npm run bench -- decode-cli`: `wsinspect decode FILE --stats` as a whole process (start-up,
 * reading the file, decoding) against a script around ws's Receiver (bench/ws-decode.mjs) on
 * the same captures, the two run alternately so load on the machine hits both alike.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildStreams, SMALL_CLIENT_STREAM, SMALL_SERVER_STREAM, streamBytes } from './decode-throughput.ts'
import { LiveTable, type BenchSection } from './sections.ts'
import { cpuSample } from '../src/cli/free-core.ts'

const BIN = fileURLToPath(new URL('../bin/wsinspect.mjs', import.meta.url))
const WS_SCRIPT = fileURLToPath(new URL('./ws-decode.mjs', import.meta.url))
const MB = 1024 * 1024

/** Runs a command; resolves with its wall time in ms and its standard output. */
export function timed(command: string, args: string[], env: Record<string, string> = {}): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - started
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))
      else resolve({ ms, stdout })
    })
  })
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The wsinspect processes measured, each against its peer: the same work done around ws's Receiver. */
const VARIANTS = [
  // Payload counts against ws alone (the target) and against ws reading each text message
  // as UTF-8 and JSON.parsing it, the least that tells JSON messages from others.
  { name: '--stats', args: [] as string[], peer: 'ws' },
  { name: '--stats', args: [] as string[], peer: 'ws + JSON.parse' },
  // Large captures are read on two threads when a core is free (decode-stats.ts); this row is one thread.
  { name: '--stats (one thread)', args: [] as string[], peer: 'ws' },
  // Frames and messages only, as the plain ws script.
  { name: '--stats --payload none', args: ['--payload', 'none'], peer: 'ws' },
] as const
const PEERS = { ws: [] as string[], 'ws + JSON.parse': ['--json'] }
const OURS = [
  { name: '--stats', args: [] as string[], env: {} as Record<string, string> },
  { name: '--stats (one thread)', args: [] as string[], env: { WSINSPECT_STATS_WORKER: 'never' } },
  { name: '--stats --payload none', args: ['--payload', 'none'], env: {} },
]

export const decodeCliSection: BenchSection = {
  name: 'decode-cli',
  title:
    'wsinspect decode --stats (payload decoding on, and off) as a whole process vs a script around ws’s Receiver (with and without JSON.parse), on server and client captures',
  expected: { full: 'about 1–1.5 min', quick: 'about 5 s' },
  async run({ quick, log }) {
    const target = quick ? 10 * MB : streamBytes(false)
    const rounds = quick ? 2 : 7
    const dir = mkdtempSync(join(tmpdir(), 'wsinspect-bench-'))
    try {
      log(`Writing two ${(target / MB).toFixed(0)} MB captures of small JSON text messages…`)
      const captures: { name: string; from: 'client' | 'server'; file: string; bytes: number; messages: number }[] = []
      for (const stream of buildStreams(target, [SMALL_SERVER_STREAM, SMALL_CLIENT_STREAM])) {
        const file = join(dir, `${stream.from}.bin`)
        writeFileSync(file, Buffer.concat(stream.chunks))
        captures.push({
          name: stream.from === 'server' ? 'server → client (unmasked)' : 'client → server (masked)',
          from: stream.from,
          file,
          bytes: stream.bytes,
          messages: stream.messages,
        })
      }
      log(`Each of the five processes ${rounds} times, in turn; best and median wall time (start-up included).`)
      // `--stats` on a large capture uses a second thread only when a core is free (src/cli/free-core.ts).
      log(`${machineNow()}\n`)
      const table = new LiveTable(
        ['capture', 'wsinspect', 'peer', 'MB', 'wsinspect MB/s', 'peer MB/s', 'ratio (best)', 'ratio (median)'],
        [26, 22, 15, 4, 14, 9, 12, 14],
        log,
      )
      for (const capture of captures) {
        const ours = new Map<string, number[]>(OURS.map((o) => [o.name, []]))
        const peers = new Map<string, number[]>(Object.keys(PEERS).map((p) => [p, []]))
        for (let r = 0; r < rounds; r++) {
          for (const variant of OURS) {
            const a = await timed(process.execPath, [BIN, 'decode', capture.file, '--from', capture.from, '--stats', ...variant.args], variant.env)
            const stats = JSON.parse(a.stdout)
            checkCounts(stats, capture.messages, variant.name)
            if (variant.args.length === 0 && stats.payloads.json !== capture.messages)
              throw new Error(`decode-cli: --stats named ${JSON.stringify(stats.payloads)}`)
            ours.get(variant.name)!.push(a.ms)
          }
          for (const [peer, args] of Object.entries(PEERS)) {
            const b = await timed(process.execPath, [WS_SCRIPT, capture.file, capture.from, ...args])
            const stats = JSON.parse(b.stdout)
            checkCounts(stats, capture.messages, `the ${peer} script`)
            if (args.length && stats.json !== capture.messages) throw new Error(`decode-cli: the ${peer} script parsed ${stats.json} messages`)
            peers.get(peer)!.push(b.ms)
          }
        }
        const mb = capture.bytes / MB
        for (const variant of VARIANTS) {
          const [a, b] = [ours.get(variant.name)!, peers.get(variant.peer)!]
          table.row([
            capture.name,
            variant.name,
            variant.peer,
            mb.toFixed(0),
            (mb / (Math.min(...a) / 1000)).toFixed(0),
            (mb / (Math.min(...b) / 1000)).toFixed(0),
            (Math.min(...b) / Math.min(...a)).toFixed(2),
            (median(b) / median(a)).toFixed(2),
          ])
        }
      }
      log(`\n${machineNow()} (--stats reads a large capture on two threads when fewer tasks are runnable than there are cores).`)
      log('ratio = peer time / wsinspect time (≥ 1.0: wsinspect is at least as fast); the issue’s target: ≥ 1.0 against ws.')
      log('--stats names each message’s payload decoder: a JSON object none of the JSON protocols’ sniffers can claim by one scan of')
      log('its bytes (UTF-8 and JSON well-formedness, no parsing), other messages by UTF-8, JSON.parse and the sniffers they may start for;')
      log('“ws + JSON.parse” is ws’s Receiver plus UTF-8 decoding and JSON.parse of each text message: what telling JSON')
      log('from other text takes without such a scan.')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

/** The load the figures were taken under. */
function machineNow(): string {
  const { runnable } = cpuSample()
  return `Load average now: ${loadavg()[0]!.toFixed(1)}; tasks runnable now: ${runnable ?? 'unknown'} (this one included), of ${availableParallelism()} cores.`
}

function checkCounts(stats: { messages: number; error: unknown }, expected: number, who: string): void {
  if (stats.messages !== expected || stats.error)
    throw new Error(`decode-cli: ${who} counted ${stats.messages} messages (error ${JSON.stringify(stats.error)}), expected ${expected}`)
}
