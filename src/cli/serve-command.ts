import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { CompanionServer, ServerOptions } from '../server/http-server.ts'
import { UsageError } from './cli-error.ts'
import { listenFailure, openBrowser, SERVER_ARG_OPTIONS, SERVER_ARGS_HELP, serverArgs, serveUntilStopped, type ServerArgs } from './server-args.ts'

export const SERVE_USAGE = `Usage: wsinspect [serve] [--port 8080] [--host 127.0.0.1] [--open]
                        [--allow-origin ORIGIN]... [--max-message BYTES]
                        [--max-connections N] [--handshake-timeout MS]

Builds the app if needed and serves it with the companion server on one port:
/echo, /stream, /broadcast, /scenario/NAME, the wire tap /tap and /api/captures.
${SERVER_ARGS_HELP}`

/** The repository root, where dist/ and the app's sources are: the nearest folder up with a package.json (from src/cli/ or the bundle in build/). */
const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d
    if (dirname(d) === d) return resolve(dir, '../..')
  }
}

/** `wsinspect serve` (also plain `wsinspect` and `npm start`). */
export async function runServe(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SERVER_ARG_OPTIONS, allowPositionals: true })
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  const args = serverArgs(values)
  const server = await startServer(args, err)
  out.write(`wsinspect is running at ${server.url}\n`)
  out.write(`  WebSocket endpoints: ${server.url.replace(/^http/, 'ws')}echo, /stream, /broadcast, /scenario/NAME, /tap?target=…\n`)
  out.write('  Press Ctrl-C to stop.\n')
  if (args.open) openBrowser(server.url, err)
  return serveUntilStopped(server, out)
}

/**
 * Starts the server, then builds the app in the background if dist/ is stale: listening first
 * makes a busy port fail at once, and a page opened meanwhile says the app is being built and
 * reloads itself (never a 404). Listen failures become one-line usage errors. `started` runs
 * once the server listens (a proxy's port is up at once, whatever a build takes).
 */
export async function startServer(args: ServerArgs, err: NodeJS.WriteStream, started?: (server: CompanionServer) => Promise<void>): Promise<CompanionServer> {
  const [{ appIsStale, buildApp }, { startCompanionServer }] = await Promise.all([import('../server/build-app.ts'), import('../server/http-server.ts')])
  const appDir = join(ROOT, 'dist')
  const stale = await appIsStale(ROOT, appDir)
  let building = stale !== null
  const options: ServerOptions = { port: args.port, host: args.host, allowOrigins: args.allowOrigins, limits: args.limits, appDir, appBuilding: () => building }
  const server = await startCompanionServer(options).catch((e) => listenFailure(e, '--port', args.port, args.host))
  await started?.(server)
  if (stale) {
    err.write(`${stale}; pages opened meanwhile say so and reload themselves…\n`)
    buildApp(ROOT, appDir)
      .then(
        () => err.write('The app is built.\n'),
        (e) => err.write(`wsinspect: the app could not be built: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`),
      )
      .finally(() => (building = false))
  }
  return server
}
