#!/usr/bin/env node
// Runs the command line bundled for Node in build/ (made at `npm install`). When a source
// changed since (a `git pull`, an edit), the bundle is rebuilt first, so it never runs stale code.
// The bundle's entry (src/cli/run.ts) runs the command when it is imported.
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { buildCliBundle, cliBundleIsStale, CLI_ENTRY } from '../scripts/cli-bundle.mjs'

// Node 22.1 and later keep V8's compiled code between runs (in the system's temporary folder): a
// command then starts without compiling the bundle again. Older Nodes have no such cache.
module.enableCompileCache?.()

if (cliBundleIsStale()) {
  try {
    await buildCliBundle()
  } catch (e) {
    const why = String(e?.message ?? e).split('\n')[0]
    process.stderr.write(`wsinspect: cannot build the command line from its sources (${why}); run npm install\n`)
    process.exit(2)
  }
}
await import(pathToFileURL(CLI_ENTRY).href)
