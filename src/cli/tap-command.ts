import { parseArgs } from 'node:util'
import { tapSettings, type TapSettings } from '../server/tap-sessions.ts'
import { RequestRefused } from '../server/upgrade-request.ts'
import { UsageError } from './cli-error.ts'
import { startServer } from './serve-command.ts'
import { listenFailure, openBrowser, portNumber, SERVER_ARG_OPTIONS, SERVER_ARGS_HELP, serverArgs, serveUntilStopped } from './server-args.ts'

export const TAP_USAGE = `Usage: wsinspect tap --listen PORT --target ws[s]://HOST[:PORT][/PATH]
                      [--header "Name: value"]... [--origin ORIGIN] [--insecure]
                      [serve options]

Reverse-proxy mode: point any WebSocket client at ws://127.0.0.1:PORT instead of the
target and watch its connections (handshake, every frame of both directions) in the
app, which is served as by wsinspect serve. A request for "/" goes to the target's
path; any other path replaces it.
  --listen PORT            the proxy's port (0: any free one)
  --target URL             the ws:// or wss:// server to relay to
  --header "Name: value"   add a header to the upstream handshake, e.g. Authorization
                           (repeatable; replaces the client's field of that name)
  --origin ORIGIN          send this Origin upstream instead of the client's
  --insecure               accept any certificate from a wss:// target (self-signed ones)
${SERVER_ARGS_HELP}`

/** `wsinspect tap --listen 9000 --target wss://example`. */
export async function runTap(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...SERVER_ARG_OPTIONS,
      listen: { type: 'string' },
      target: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] as string[] },
      origin: { type: 'string' },
      insecure: { type: 'boolean', default: false },
    },
  })
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`)
  if (values.listen === undefined) throw new UsageError('--listen PORT is required: the port clients connect to')
  if (values.target === undefined) throw new UsageError('--target URL is required: the ws:// or wss:// server to relay to')
  const listen = portNumber('--listen', values.listen)
  const args = serverArgs(values)
  // Checked before anything listens, with the messages the API gives for the same mistakes.
  let settings: TapSettings
  try {
    settings = tapSettings({ target: values.target, origin: values.origin, headers: values.header.map(headerPair), insecure: values.insecure })
  } catch (e) {
    if (e instanceof RequestRefused) throw new UsageError(e.message)
    throw e
  }
  const server = await startServer(args, err)
  const proxy = await server.listenProxy(listen, settings).catch(async (e) => {
    await server.close()
    return listenFailure(e, '--listen', listen, args.host)
  })
  const host = args.host.includes(':') ? `[${args.host}]` : args.host
  out.write(`wsinspect proxy: ws://${host}:${proxy.port} → ${settings.target.url}\n`)
  out.write(`  Watch its connections in the app at ${server.url}\n`)
  out.write('  Press Ctrl-C to stop.\n')
  if (args.open) openBrowser(server.url, err)
  return serveUntilStopped(server, out)
}

function headerPair(line: string): [string, string] {
  const colon = line.indexOf(':')
  if (colon <= 0) throw new UsageError(`--header must look like "Name: value", not "${line}"`)
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()]
}
