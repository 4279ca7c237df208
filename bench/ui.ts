/**
 * `npm run bench:ui -- [stream|tap|import] [--list]`: the browser benchmarks, in Debian's Chromium
 * driven by Playwright (no --quick: they measure the browser at full size).
 */
import { importSection } from './ui-import.ts'
import { streamSection } from './ui-stream.ts'
import { tapSection } from './ui-tap.ts'
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
      title: 'the log through the wire tap against Direct at 5,000 msg/s (rows held, lag, tasks, filter), then 20,000 msg/s through the tap',
      expected: { full: 'about 2 min', quick: 'about 2 min' },
      run: tapSection,
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
