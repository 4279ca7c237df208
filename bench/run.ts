/** `npm run bench`: prints the benchmark tables. Figures, not pass/fail: see the README. */
import { measureThroughput } from './decode-throughput.ts'

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

console.log('Decode throughput: wsinspect core vs ws Receiver (same buffers, 64 KiB chunks, best of 3)\n')
const rows = await measureThroughput()
console.log(
  table(
    ['stream', 'MB', 'messages', 'core MB/s', 'ws MB/s', 'ratio'],
    rows.map((r) => [r.stream, r.megabytes.toFixed(0), r.messages, r.coreMBs.toFixed(0), r.wsMBs.toFixed(0), r.ratio.toFixed(2)]),
  ),
)
console.log('\nratio = core throughput / ws throughput (≥ 1.0: the core is at least as fast)')
