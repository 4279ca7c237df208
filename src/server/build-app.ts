import { readdir, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** What the browser bundle is built from; the Node-only parts and tests do not count. */
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'public', 'src']
const NOT_IN_BUNDLE = [/^src\/(server|cli)(\/|$)/, /\.test\.tsx?$/]

/**
 * Builds the app in `root` into `dist` with Vite's JS API when dist/ is missing or older than
 * its sources, so `npm start` works in a fresh clone and after a `git pull`.
 */
export async function ensureAppBuilt(root: string, dist: string, log: (line: string) => void): Promise<void> {
  const built = await mtime(join(dist, 'index.html'))
  if (built !== null && built >= (await newestSource(root))) return
  log(built === null ? 'Building the app (first start)…' : 'The app changed since it was built: rebuilding…')
  // Loaded only when needed: Vite takes a while to import.
  const { build } = await import('vite')
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist } })
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
