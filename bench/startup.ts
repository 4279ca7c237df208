/**
 * `npm run bench -- startup`: the wall time of `wsinspect accept KEY` (a command that does
 * almost nothing, so it shows what starting the command line costs) against Node starting
 * with nothing to do, and through npx, whose own start-up (npm's) comes on top.
 */
import { fileURLToPath } from 'node:url'
import { median, timed } from './decode-cli.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const BIN = fileURLToPath(new URL('../bin/wsinspect.mjs', import.meta.url))
const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='

export const startupSection: BenchSection = {
  name: 'startup',
  title: 'wall time of wsinspect accept KEY, against node doing nothing, and through npx',
  expected: { full: 'about 20 s', quick: 'about 5 s' },
  async run({ quick, log }) {
    const rounds = quick ? 5 : 15
    log(`Each command ${rounds} times, alternating.\n`)
    const commands: [string, string, string[]][] = [
      ['node -e 0 (Node’s own start)', process.execPath, ['-e', '0']],
      ['node bin/wsinspect.mjs accept KEY', process.execPath, [BIN, 'accept', KEY]],
      ['npx wsinspect accept KEY', 'npx', ['--offline', 'wsinspect', 'accept', KEY]],
    ]
    const times: number[][] = commands.map(() => [])
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, command, args]] of commands.entries()) times[i].push((await timed(command, args)).ms)
    }
    const table = new LiveTable(['command', 'best ms', 'median ms'], [36, 8, 10], log)
    for (const [i, [name]] of commands.entries()) table.row([name, Math.min(...times[i]).toFixed(0), median(times[i]).toFixed(0)])
    log('\ntarget: accept under 150 ms on an idle machine; npx adds npm’s own start-up to any command')
  },
}
