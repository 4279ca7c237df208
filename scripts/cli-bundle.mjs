// The command line and server as plain JavaScript for Node (build/), bundled from src/ by
// esbuild: `npx wsinspect` and `npm start` then load no TypeScript at run time. Plain JS
// itself, because it runs before anything is compiled (at `npm install` and from bin/).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const OUT_DIR = join(ROOT, 'build')
/**
 * The command line, and what its worker threads run; build-app is for the install script (it
 * builds the browser app with Vite).
 */
const ENTRIES = { wsinspect: 'src/cli/run.ts', 'payload-worker': 'src/cli/payload-worker.ts', 'build-app': 'src/server/build-app.ts' }
export const CLI_ENTRY = join(OUT_DIR, 'wsinspect.mjs')
/**
 * The payload decoders' libraries (binary encodings, zstd): most captures need none of them, and
 * loading them took about 30 ms of every `decode` run. pako (permessage-deflate) and SHA-1
 * (handshakes) likewise: most captures are not compressed, and together they were a third of
 * the code `decode` compiled at start (about 5 ms). In the bundle each is a module of stubs that
 * load the library on first call (Node's require, which loads ES modules too since 20.19).
 */
const LOADED_ON_FIRST_USE = ['cborg', 'bson', '@msgpack/msgpack', 'fzstd', 'pako', '@noble/hashes/legacy.js']
/** The files the bundle was made from, to tell when it is stale. */
const INPUTS = join(OUT_DIR, 'inputs.json')

/** True when the bundle is missing or one of the files it was built from changed since. */
export function cliBundleIsStale() {
  let inputs
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'))
  } catch {
    return true
  }
  const built = mtime(CLI_ENTRY)
  if (built === null) return true
  return inputs.some((file) => (mtime(join(ROOT, file)) ?? Infinity) > built)
}

/**
 * Bundles the CLI. Outputs are written to temporary names and renamed into place, so a
 * process starting meanwhile (tests run in parallel) never loads half a bundle.
 */
export async function buildCliBundle() {
  const { build } = await import('esbuild')
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Run-time dependencies stay packages (listed in package.json), not copies.
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [loadedOnFirstUse(LOADED_ON_FIRST_USE)],
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  mkdirSync(join(OUT_DIR, 'chunks'), { recursive: true })
  const written = new Set()
  // Chunks first, entry points last: an entry is in place only once what it imports is.
  const outputs = [...result.outputFiles].sort((a, b) => isEntry(a.path) - isEntry(b.path))
  for (const file of outputs) {
    const tmp = `${file.path}.${process.pid}.tmp`
    writeFileSync(tmp, file.contents)
    renameSync(tmp, file.path)
    written.add(file.path)
  }
  for (const name of readdirSync(join(OUT_DIR, 'chunks'))) {
    const path = join(OUT_DIR, 'chunks', name)
    if (!written.has(path) && !name.endsWith('.tmp')) rmSync(path, { force: true })
  }
  // Files only: not packages, nor the plugin's generated modules (`first-use:cborg`).
  const inputs = [...Object.keys(result.metafile.inputs), 'package.json'].filter((file) => !file.startsWith('node_modules/') && !file.includes(':'))
  const tmp = `${INPUTS}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(inputs)}\n`)
  renameSync(tmp, INPUTS)
}

/**
 * An esbuild plugin: imports of `packages` get a module whose exports are functions that load
 * the package at their first call and forward to it. A class export works with `new` too (the
 * stub returns the real instance); constants (numbers, strings, booleans) are copied as they are
 * now. Other exports (objects, a function's own properties) are not offered, so importing one
 * fails the build rather than the run.
 */
function loadedOnFirstUse(packages) {
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`)
  return {
    name: 'loaded-on-first-use',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === 'first-use' ? null : { path: args.path, namespace: 'first-use' }))
      build.onLoad({ filter: /.*/, namespace: 'first-use' }, async (args) => {
        const exports = Object.entries(await import(args.path)).filter(([name]) => name !== 'default')
        const names = exports.filter(([, value]) => typeof value === 'function').map(([name]) => name)
        const constants = exports.filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value))
        const contents = [
          `import { createRequire } from 'node:module'`,
          `import { fileURLToPath } from 'node:url'`,
          `let loaded = null`,
          `const load = () => (loaded ??= createRequire(import.meta.url)(fileURLToPath(import.meta.resolve(${JSON.stringify(args.path)}))))`,
          ...names.map((name) => `export function ${name}(...args) { return new.target ? new (load().${name})(...args) : load().${name}(...args) }`),
          ...constants.map(([name, value]) => `export const ${name} = ${JSON.stringify(value)}`),
        ].join('\n')
        return { contents, loader: 'js', resolveDir: ROOT }
      })
    },
  }
}

function isEntry(path) {
  return relative(OUT_DIR, path).includes('chunks') ? 0 : 1
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return null
  }
}

// `node scripts/cli-bundle.mjs` (part of `npm run build`) rebuilds it unconditionally.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCliBundle()
