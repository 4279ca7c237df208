// `npm install` / `npm ci` run this (the prepare script): it bundles the command line and
// server for Node, then builds the browser app into dist/ unless dist/ is already up to date,
// so a fresh clone answers `npx wsinspect` and `npm start` at once.
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { buildCliBundle, OUT_DIR, ROOT } from './cli-bundle.mjs'

const started = performance.now()
await buildCliBundle()
const { ensureAppBuilt } = await import(pathToFileURL(join(OUT_DIR, 'build-app.mjs')).href)
await ensureAppBuilt(ROOT, join(ROOT, 'dist'), (line) => console.log(`wsinspect: ${line}`))
console.log(`wsinspect: command line and app ready (${((performance.now() - started) / 1000).toFixed(1)} s)`)
