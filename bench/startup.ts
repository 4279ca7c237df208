/**
 * `npm run bench -- startup`: the wall time of `wsinspect accept KEY` (a command that does
 * almost nothing, so it shows what starting the command line costs) against Node starting
 * with nothing to do: the bundle alone, through the bin (which first checks the bundle is
 * current), and through npx, whose own start-up comes on top: `npx -c true` is npm exec running a
 * shell that does nothing, the least any `npx` command costs.
 */
import { fileURLToPath } from 'node:url'
import { median, timed } from './decode-cli.ts'
import { LiveTable, type BenchSection } from './sections.ts'

const BIN = fileURLToPath(new URL('../bin/wsinspect.mjs', import.meta.url))
/** The bundle itself: the bin less its check that the bundle is current. */
const BUNDLE = fileURLToPath(new URL('../build/wsinspect.mjs', import.meta.url))
const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='

export const startupSection: BenchSection = {
  name: 'startup',
  title: 'wall time of wsinspect accept KEY, against node doing nothing, and through npx',
  expected: { full: 'about 30 s', quick: 'about 6 s' },
  async run({ quick, log }) {
    const rounds = quick ? 3 : 15
    log(`Each command ${rounds} times, alternating.\n`)
    const commands: [string, string, string[]][] = [
      ['node -e 0 (Node’s own start)', process.execPath, ['-e', '0']],
      ['node build/wsinspect.mjs accept KEY', process.execPath, [BUNDLE, 'accept', KEY]],
      ['node bin/wsinspect.mjs accept KEY', process.execPath, [BIN, 'accept', KEY]],
      ['npx wsinspect accept KEY', 'npx', ['--offline', 'wsinspect', 'accept', KEY]],
      ['npx --version (npm’s own start)', 'npx', ['--offline', '--version']],
      ['npx -c true (npm exec running nothing)', 'npx', ['--offline', '-c', 'true']],
    ]
    const times: number[][] = commands.map(() => [])
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, command, args]] of commands.entries()) times[i].push((await timed(command, args)).ms)
    }
    const table = new LiveTable(['command', 'best ms', 'median ms'], [42, 8, 10], log)
    for (const [i, [name]] of commands.entries()) table.row([name, Math.min(...times[i]).toFixed(0), median(times[i]).toFixed(0)])
    log(
      '\ntarget: accept under 150 ms on an idle machine. npx adds npm’s own work before it runs any bin (loading npm, finding the package), which no package can avoid',
    )
  },
}
