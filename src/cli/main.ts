import { UsageError, EXIT_USAGE } from './cli-error.ts'
import { runDecode, DECODE_USAGE } from './decode-command.ts'
import { runAccept, runHandshake, HANDSHAKE_USAGE } from './handshake-command.ts'
import { runServe, SERVE_USAGE } from './serve-command.ts'
import { runProxy, PROXY_USAGE } from './proxy-command.ts'
import { runReplay, REPLAY_USAGE } from './replay-command.ts'
import { runTap, TAP_USAGE } from './tap-command.ts'

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
  wsinspect accept KEY            print the Sec-WebSocket-Accept for a Sec-WebSocket-Key
  wsinspect help                  this text`

type Command = (argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream) => Promise<number>

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  serve: { run: runServe, usage: SERVE_USAGE },
  tap: { run: runTap, usage: TAP_USAGE },
  proxy: { run: runProxy, usage: PROXY_USAGE },
  replay: { run: runReplay, usage: REPLAY_USAGE },
  decode: { run: runDecode, usage: DECODE_USAGE },
  handshake: { run: runHandshake, usage: HANDSHAKE_USAGE },
  accept: { run: runAccept, usage: 'Usage: wsinspect accept KEY' },
}

/** Runs the CLI and returns the exit status: 0 done, 2 bad usage or unreadable input. */
export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    out.write(`${USAGE}\n`)
    return 0
  }
  // No command, or options only, means serve (`npx wsinspect --port 9000`).
  const [name, ...rest] = argv.length === 0 || argv[0].startsWith('-') ? ['serve', ...argv] : argv
  const command = COMMANDS[name]
  if (!command) {
    err.write(`wsinspect: unknown command "${name}" (try wsinspect help)\n`)
    return EXIT_USAGE
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.write(`${command.usage}\n`)
    return 0
  }
  try {
    return await command.run(rest, out, err)
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      err.write(`wsinspect ${name}: ${(e as Error).message.split('\n')[0]}\n`)
      return EXIT_USAGE
    }
    throw e
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: string })?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
