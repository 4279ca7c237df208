/**
 * `npm run bench -- [NAME...] [--quick] [--list]`: the benchmark sections (all when none is
 * named). A new section is a file exporting a BenchSection plus one line in this list.
 */
import { checkSection } from './check-run.ts'
import { decodeCliSection } from './decode-cli.ts'
import { decodeSection } from './decode-throughput.ts'
import { hostileSection } from './hostile.ts'
import { importSection } from './import-pcap.ts'
import { loadSection } from './load-echo.ts'
import { payloadSection } from './payload-throughput.ts'
import { runBench } from './sections.ts'
import { startupSection } from './startup.ts'
import { tapFeedSection } from './tap-feed.ts'

process.exitCode = await runBench(
  'npm run bench',
  [decodeSection, decodeCliSection, startupSection, loadSection, importSection, payloadSection, hostileSection, checkSection, tapFeedSection],
  process.argv.slice(2),
)
