#!/usr/bin/env node
// Runs the command line bundled for Node in build/ (made at `npm install`). When a source
// changed since (a `git pull`, an edit), the bundle is rebuilt first, so it never runs stale code.
import { buildCliBundle, cliBundleIsStale, CLI_ENTRY } from '../scripts/cli-bundle.mjs'
import { pathToFileURL } from 'node:url'

if (cliBundleIsStale()) {
  try {
    await buildCliBundle()
  } catch (e) {
    const why = String(e?.message ?? e).split('\n')[0]
    process.stderr.write(`wsinspect: cannot build the command line from its sources (${why}); run npm install\n`)
    process.exit(2)
  }
}
// A reader that stops early (`| head`) ends the output, not with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`wsinspect: cannot write the output: ${e.message}\n`)
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1)
})
const { main } = await import(pathToFileURL(CLI_ENTRY).href)
process.exitCode = await main(process.argv.slice(2))
