import { readdir, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** What the browser bundle is built from; the Node-only parts and tests do not count. */
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'public', 'src']
const NOT_IN_BUNDLE = [/^src\/(server|cli)(\/|$)/, /\.test\.tsx?$/]

/**
 * Why the app in `root` needs building into `dist` (missing, or older than its sources, as
 * after a `git pull`), or null when it is up to date.
 */
export async function appIsStale(root: string, dist: string): Promise<string | null> {
  const built = await mtime(join(dist, 'index.html'))
  if (built === null) return 'Building the app (first start)'
  if (built < (await newestSource(root))) return 'The app changed since it was built: rebuilding'
  return null
}

/** Builds the app with Vite's JS API (a development dependency: installs made by npm install have it). */
export async function buildApp(root: string, dist: string): Promise<void> {
  // Loaded only when needed: Vite takes a while to import.
  const { build } = await import('vite')
  // Vite and the React plugin build for development when NODE_ENV says so, as it does in a
  // process started by Vitest: React's development build renders several times slower.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist } })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}

/** Builds the app when it is stale, saying why on `log`; the install script uses it. */
export async function ensureAppBuilt(root: string, dist: string, log: (line: string) => void): Promise<void> {
  const stale = await appIsStale(root, dist)
  if (stale === null) return
  log(`${stale}…`)
  await buildApp(root, dist)
}

async function mtime(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs
  } catch {
    return null
  }
}

async function newestSource(root: string): Promise<number> {
  let newest = 0
  const visit = async (path: string): Promise<void> => {
    const rel = relative(root, path).split('\\').join('/')
    if (NOT_IN_BUNDLE.some((pattern) => pattern.test(rel))) return
    const s = await stat(path).catch(() => null)
    if (!s) return
    if (s.isDirectory()) {
      for (const entry of await readdir(path)) await visit(join(path, entry))
    } else newest = Math.max(newest, s.mtimeMs)
  }
  for (const source of SOURCES) await visit(join(root, source))
  return newest
}
