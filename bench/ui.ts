/**
 * `npm run bench:ui -- [stream|tap|trace|import] [--list]`: the browser benchmarks, in Debian's Chromium
 * driven by Playwright (no --quick: they measure the browser at full size).
 */
import { importSection } from './ui-import.ts'
import { streamSection } from './ui-stream.ts'
import { tapSection } from './ui-tap.ts'
import { traceSection } from './ui-trace.ts'
import { runBench } from './sections.ts'

process.exitCode = await runBench(
  'npm run bench:ui',
  [
    {
      name: 'stream',
      title: 'the inspector’s log under a 20,000 msg/s stream, then filled to a million messages and filtered',
      expected: { full: 'about 5 min', quick: 'about 5 min' },
      run: streamSection,
    },
    {
      name: 'tap',
      title:
        'the log through the wire tap against Direct at 5,000 msg/s, three rounds (rows held, lag, tasks, filter, every process’s CPU), then 20,000 msg/s through the tap',
      expected: { full: 'about 3 min', quick: 'about 3 min' },
      run: tapSection,
    },
    {
      name: 'trace',
      title:
        'where the main thread goes while the log streams 5,000 msg/s, Direct and through the tap: busy %, tasks over 50 / 100 ms, top trace events and functions',
      expected: { full: 'about 1 min', quick: 'about 1 min' },
      run: traceSection,
    },
    {
      name: 'import',
      title: 'importing a 100 MB pcap in Chromium: time to the report, saving, memory',
      expected: { full: 'about 2 min', quick: 'about 2 min' },
      run: importSection,
    },
  ],
  process.argv.slice(2),
)
