import { spawn } from 'node:child_process'
import type { ParseArgsConfig } from 'node:util'
import type { CompanionServer } from '../server/http-server.ts'
import type { Limits } from '../server/limits.ts'
import { UsageError } from './cli-error.ts'

/** Options `serve` and `tap` share: where the app and its endpoints listen, and the limits. */
export const SERVER_ARG_OPTIONS = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  open: { type: 'boolean', default: false },
  'allow-origin': { type: 'string', multiple: true, default: [] as string[] },
  'max-message': { type: 'string' },
  'max-connections': { type: 'string' },
  'handshake-timeout': { type: 'string' },
} satisfies ParseArgsConfig['options']

export const SERVER_ARGS_HELP = `  --port PORT              port of the app and its endpoints (default 8080; 0: any free one)
  --host HOST              address to listen on (default 127.0.0.1: this machine only)
  --open                   open the app in the default browser
  --allow-origin ORIGIN    also let pages from ORIGIN use /tap and /api (repeatable),
                           e.g. --allow-origin http://localhost:5173 for the Vite dev server
  --max-message BYTES      largest message accepted and decoded (default 67108864)
  --max-connections N      WebSocket connections open at once (default 2000)
  --handshake-timeout MS   time for a request head, and for a tap's upstream to answer
                           with 101 (default 10000)`

export interface ServerArgs {
  port: number
  host: string
  open: boolean
  allowOrigins: string[]
  limits: Partial<Limits>
}

type ServerValues = {
  port: string
  host: string
  open: boolean
  'allow-origin': string[]
  'max-message'?: string
  'max-connections'?: string
  'handshake-timeout'?: string
}

export function serverArgs(values: ServerValues): ServerArgs {
  const limits: Partial<Limits> = {}
  if (values['max-message'] !== undefined) limits.maxMessageBytes = wholeNumber('--max-message', values['max-message'], 1)
  if (values['max-connections'] !== undefined) limits.maxConnections = wholeNumber('--max-connections', values['max-connections'], 1)
  if (values['handshake-timeout'] !== undefined) limits.handshakeTimeoutMs = wholeNumber('--handshake-timeout', values['handshake-timeout'], 1)
  return {
    port: portNumber('--port', values.port),
    host: values.host,
    open: values.open,
    allowOrigins: values['allow-origin'].map(checkOrigin),
    limits,
  }
}

export function portNumber(flag: string, value: string): number {
  const port = wholeNumber(flag, value, 0)
  if (port > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}"`)
  return port
}

function wholeNumber(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be a whole number${min ? ` of at least ${min}` : ''}, not "${value}"`)
  return Number(value)
}

/** An origin exactly as browsers send it: scheme://host[:port], nothing else. */
function checkOrigin(origin: string): string {
  let parsed: URL | null = null
  try {
    parsed = new URL(origin)
  } catch {
    // reported below
  }
  if (!parsed || parsed.origin !== origin) {
    throw new UsageError(`--allow-origin must be an origin such as http://localhost:5173 (scheme, host and port only), not "${origin}"`)
  }
  return origin
}

/** Turns a listen failure into one line that says what to do. */
export function listenFailure(error: unknown, flag: string, port: number, host: string): never {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use (another wsinspect?); choose another with ${flag}`)
  if (code === 'EACCES') throw new UsageError(`no permission to listen on port ${port}; choose a port above 1023 with ${flag}`)
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on "${host}": not an address of this machine (--host)`)
  throw error
}

/** Runs until SIGINT or SIGTERM, then closes every connection with 1001 and returns exit status 0. */
export async function serveUntilStopped(server: CompanionServer, out: NodeJS.WriteStream): Promise<number> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  out.write('\nShutting down: closing connections with 1001 (Going Away)…\n')
  await server.close()
  return 0
}

export function openBrowser(url: string, err: NodeJS.WriteStream): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true })
  child.on('error', () => err.write(`wsinspect: could not start ${command} to open a browser; open ${url} yourself\n`))
  child.unref()
}
