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

export const decodeCliSection: BenchSection = {
  name: 'decode-cli',
  title: 'wsinspect decode --stats --payload none as a whole process vs a script around ws’s Receiver, on server and client captures',
  expected: { full: 'about 1 min', quick: 'about 10 s' },
  async run({ quick, log }) {
    const target = quick ? 20 * MB : streamBytes(false)
    const rounds = quick ? 3 : 7
    const dir = mkdtempSync(join(tmpdir(), 'wsinspect-bench-'))
    try {
      log(`Writing two ${(target / MB).toFixed(0)} MB captures of small text messages…`)
      const captures: { name: string; from: 'client' | 'server'; file: string; bytes: number; messages: number }[] = []
      for (const stream of buildStreams(target, [SMALL_SERVER_STREAM, SMALL_CLIENT_STREAM])) {
        const file = join(dir, `${stream.from}.bin`)
        writeFileSync(file, Buffer.concat(stream.chunks))
        captures.push({ name: stream.from === 'server' ? 'server → client (unmasked)' : 'client → server (masked)', from: stream.from, file, bytes: stream.bytes, messages: stream.messages })
      }
      log(`Each process ${rounds} times, alternating; best and median wall time (start-up included).\n`)
      const table = new LiveTable(['capture', 'MB', 'messages', 'wsinspect MB/s', 'ws script MB/s', 'ratio (best)', 'ratio (median)'], [26, 4, 9, 14, 14, 12, 14], log)
      for (const capture of captures) {
        const ours: number[] = []
        const theirs: number[] = []
        for (let r = 0; r < rounds; r++) {
          // --payload none: frames and messages, what the ws script does too (payload sniffing is a separate cost, see the payload section).
          const a = await timed(process.execPath, [BIN, 'decode', capture.file, '--from', capture.from, '--stats', '--payload', 'none'])
          const b = await timed(process.execPath, [WS_SCRIPT, capture.file, capture.from])
          const [statsA, statsB] = [JSON.parse(a.stdout), JSON.parse(b.stdout)]
          if (statsA.messages !== capture.messages || statsB.messages !== capture.messages || statsA.error || statsB.error) {
            throw new Error(`decode-cli: messages wsinspect ${statsA.messages}, ws ${statsB.messages}, expected ${capture.messages}`)
          }
          ours.push(a.ms)
          theirs.push(b.ms)
        }
        const mb = capture.bytes / MB
        const best = (times: number[]) => Math.min(...times)
        table.row([
          capture.name,
          mb.toFixed(0),
          capture.messages,
          (mb / (best(ours) / 1000)).toFixed(0),
          (mb / (best(theirs) / 1000)).toFixed(0),
          (best(theirs) / best(ours)).toFixed(2),
          (median(theirs) / median(ours)).toFixed(2),
        ])
      }
      log('\nratio = ws script time / wsinspect time (≥ 1.0: wsinspect is at least as fast); target ≥ 1.0')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
