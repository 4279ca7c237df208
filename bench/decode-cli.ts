/**
 * `npm run bench -- decode-cli`: `wsinspect decode FILE --stats` as a whole process (start-up,
 * reading the file, decoding) against a script around ws's Receiver (bench/ws-decode.mjs) on
 * the same captures, the two run alternately so load on the machine hits both alike.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildStreams, SMALL_CLIENT_STREAM, SMALL_SERVER_STREAM, streamBytes } from './decode-throughput.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const BIN = fileURLToPath(new URL('../bin/wsinspect.mjs', import.meta.url))
const WS_SCRIPT = fileURLToPath(new URL('./ws-decode.mjs', import.meta.url))
const MB = 1024 * 1024

/** Runs a command; resolves with its wall time in ms and its standard output. */
export function timed(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
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

/** The wsinspect processes measured, each against the ws script. */
const VARIANTS = [
  { name: '--stats', args: [] as string[] },
  // Frames and messages only, as the ws script: payload decoding is the extra work of the default.
  { name: '--stats --payload none', args: ['--payload', 'none'] },
]

export const decodeCliSection: BenchSection = {
  name: 'decode-cli',
  title: 'wsinspect decode --stats (payload decoding on, and off) as a whole process vs a script around ws’s Receiver, on server and client captures',
  expected: { full: 'about 2 min', quick: 'about 8 s' },
  async run({ quick, log }) {
    const target = quick ? 10 * MB : streamBytes(false)
    const rounds = quick ? 3 : 7
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
      log(`Each process ${rounds} times, the three in turn; best and median wall time (start-up included).\n`)
      const table = new LiveTable(
        ['capture', 'wsinspect', 'MB', 'wsinspect MB/s', 'ws script MB/s', 'ratio (best)', 'ratio (median)'],
        [26, 22, 4, 14, 14, 12, 14],
        log,
      )
      for (const capture of captures) {
        const ours: number[][] = VARIANTS.map(() => [])
        const theirs: number[] = []
        for (let r = 0; r < rounds; r++) {
          for (const [i, variant] of VARIANTS.entries()) {
            const a = await timed(process.execPath, [BIN, 'decode', capture.file, '--from', capture.from, '--stats', ...variant.args])
            checkCounts(JSON.parse(a.stdout), capture.messages, variant.name)
            ours[i].push(a.ms)
          }
          const b = await timed(process.execPath, [WS_SCRIPT, capture.file, capture.from])
          checkCounts(JSON.parse(b.stdout), capture.messages, 'the ws script')
          theirs.push(b.ms)
        }
        const mb = capture.bytes / MB
        for (const [i, variant] of VARIANTS.entries()) {
          table.row([
            capture.name,
            variant.name,
            mb.toFixed(0),
            (mb / (Math.min(...ours[i]) / 1000)).toFixed(0),
            (mb / (Math.min(...theirs) / 1000)).toFixed(0),
            (Math.min(...theirs) / Math.min(...ours[i])).toFixed(2),
            (median(theirs) / median(ours[i])).toFixed(2),
          ])
        }
      }
      log('\nratio = ws script time / wsinspect time (≥ 1.0: wsinspect is at least as fast); target ≥ 1.0.')
      log('--stats names each message’s payload decoder (JSON.parse and every sniffer, per message); the ws script does not read payloads.')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

function checkCounts(stats: { messages: number; error: unknown }, expected: number, who: string): void {
  if (stats.messages !== expected || stats.error)
    throw new Error(`decode-cli: ${who} counted ${stats.messages} messages (error ${JSON.stringify(stats.error)}), expected ${expected}`)
}
