/**
 * `npm run bench:ui`: the browser benchmarks, in Debian's Chromium driven by Playwright.
 * `npm run bench:ui -- import` (or `stream`) runs only the sections whose name contains the word.
 */
import { importSection } from './ui-import.ts'
import { streamSection } from './ui-stream.ts'

const SECTIONS: [string, () => Promise<void>][] = [
  ['stream', streamSection],
  ['import', importSection],
]

const only = process.argv.slice(2)
const chosen = SECTIONS.filter(([name]) => only.length === 0 || only.some((word) => name.includes(word)))
for (const [i, [, run]] of chosen.entries()) {
  if (i > 0) console.log('\n')
  await run()
}
