import { UsageError, EXIT_INTERNAL, EXIT_USAGE } from './cli-error.ts'

const USAGE = `wsinspect — WebSocket inspection

Usage:
  wsinspect [serve] [--port 8080] [--host 127.0.0.1] [--open]
                                  start the app and its companion server
  wsinspect proxy TARGET [--listen 9000] [--port 8080] [--rules FILE] [--insecure]
                                  put the inspector in front of a whole app (HTTP and
                                  WebSockets); hold, edit and rewrite messages in flight
  wsinspect replay SESSION.json --target URL [--speed N|max]
                                  send a saved session's client messages again and
                                  compare the answers (exit 1 when they differ)
  wsinspect tap --listen PORT --target URL
                                  a reverse proxy whose connections the app shows
  wsinspect decode [FILE... | -] --from client|server [options]
                                  decode captured frames (see wsinspect decode --help)
  wsinspect handshake [FILE | -] [--json]
                                  check an opening handshake against RFC 6455 §4
  wsinspect check URL [options]  test an echo server's RFC 6455 / RFC 7692 conformance
                                  (see wsinspect check --help)
  wsinspect accept KEY            print the Sec-WebSocket-Accept for a Sec-WebSocket-Key
  wsinspect help                  this text`

type Command = (argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream) => Promise<number>
/** A command's --help text, or how to make it when that loads more than running needs. */
type Usage = string | (() => Promise<string>)

/** Each command is loaded when it runs: `accept` need not load the server. */
const COMMANDS: Record<string, () => Promise<{ run: Command; usage: Usage }>> = {
  serve: async () => {
    const { runServe, SERVE_USAGE } = await import('./serve-command.ts')
    return { run: runServe, usage: SERVE_USAGE }
  },
  tap: async () => {
    const { runTap, TAP_USAGE } = await import('./tap-command.ts')
    return { run: runTap, usage: TAP_USAGE }
  },
  proxy: async () => {
    const { runProxy, PROXY_USAGE } = await import('./proxy-command.ts')
    return { run: runProxy, usage: PROXY_USAGE }
  },
  replay: async () => {
    const { runReplay, REPLAY_USAGE } = await import('./replay-command.ts')
    return { run: runReplay, usage: REPLAY_USAGE }
  },
  decode: async () => {
    const { runDecode, decodeUsage } = await import('./decode-command.ts')
    return { run: runDecode, usage: decodeUsage }
  },
  handshake: async () => {
    const { runHandshake, HANDSHAKE_USAGE } = await import('./handshake-command.ts')
    return { run: runHandshake, usage: HANDSHAKE_USAGE }
  },
  check: async () => {
    const { runCheckCommand, CHECK_USAGE } = await import('./check-command.ts')
    return { run: runCheckCommand, usage: CHECK_USAGE }
  },
  accept: async () => {
    const { runAccept, ACCEPT_USAGE } = await import('./accept-command.ts')
    return { run: runAccept, usage: ACCEPT_USAGE }
  },
}

/** Runs the CLI and returns the exit status: 0 done, 2 bad usage or unreadable input, 1 an internal error. */
export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    out.write(`${USAGE}\n`)
    return 0
  }
  // No command, or options only, means serve (`npx wsinspect --port 9000`).
  const [name, ...rest] = argv.length === 0 || argv[0].startsWith('-') ? ['serve', ...argv] : argv
  const load = COMMANDS[name]
  if (!Object.hasOwn(COMMANDS, name)) {
    err.write(`wsinspect: unknown command "${name}" (try wsinspect help)\n`)
    return EXIT_USAGE
  }
  const command = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    out.write(`${typeof command.usage === 'string' ? command.usage : await command.usage()}\n`)
    return 0
  }
  try {
    return await command.run(rest, out, err)
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      err.write(`wsinspect ${name}: ${(e as Error).message.split('\n')[0]}\n`)
      return EXIT_USAGE
    }
    // Never a stack trace: one line, and the trace only when asked for.
    if (process.env.WSINSPECT_DEBUG) err.write(`${(e as Error)?.stack ?? e}\n`)
    err.write(`wsinspect ${name}: ${String((e as Error)?.message ?? e).split('\n')[0]} (an internal error; WSINSPECT_DEBUG=1 shows where)\n`)
    return EXIT_INTERNAL
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: string })?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
