/**
 * `npm run bench:ui`: the browser benchmarks, in Debian's Chromium driven by Playwright.
 * `npm run bench:ui -- import` (or `stream`) runs only the sections whose name contains the word.
 */
import { importSection } from './ui-import.ts'
import { streamSection } from './ui-stream.ts'
import { runSections } from './sections.ts'

await runSections([
  ['stream', streamSection],
  ['import', importSection],
])
