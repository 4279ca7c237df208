import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { parseRulesText, type Rule } from '../rules/rules.ts'
import { parseAppTarget } from '../server/app-target.ts'
import { UsageError } from './cli-error.ts'
import { startServer } from './serve-command.ts'
import { listenFailure, openBrowser, portNumber, SERVER_ARG_OPTIONS, SERVER_ARGS_HELP, serverArgs, serveUntilStopped } from './server-args.ts'

export const PROXY_USAGE = `Usage: wsinspect proxy TARGET [--listen 9000] [--port 8080] [--rules FILE] [--insecure]
                      [--hold-timeout MS] [--hold-timeout-action forward|drop]
                      [serve options]

A reverse proxy for the app at TARGET (http://host:port or https://host:port): open
http://127.0.0.1:LISTEN instead of the app. Every HTTP request goes through unchanged;
every WebSocket goes through the wire tap and shows up live in the inspector on --port,
where its messages can be held, edited, dropped or rewritten by rules (docs/proxy.md).
  --listen PORT            the port to open instead of the app (default 9000)
  --rules FILE             match-and-replace rules, a JSON array, e.g.
                           [{"direction":"client","match":"\\"price\\":\\\\s*\\\\d+","replace":"\\"price\\": 0"}]
  --insecure               accept any certificate from an https:// target (self-signed ones)
  --hold-timeout MS        how long a message held by a break rule waits (default 60000)
  --hold-timeout-action A  what happens then: forward (default) or drop
${SERVER_ARGS_HELP}`

/** `wsinspect proxy http://localhost:3000 --listen 9000 --rules rules.json`. */
export async function runProxy(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...SERVER_ARG_OPTIONS,
      listen: { type: 'string', default: '9000' },
      rules: { type: 'string' },
      insecure: { type: 'boolean', default: false },
      'hold-timeout': { type: 'string' },
      'hold-timeout-action': { type: 'string' },
    },
  })
  if (positionals.length === 0) throw new UsageError("TARGET is required: the app's origin, e.g. wsinspect proxy http://localhost:3000")
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}": give one TARGET`)
  const target = parseAppTarget(positionals[0])
  if (typeof target === 'string') throw new UsageError(target)
  const listen = portNumber('--listen', values.listen)
  const args = serverArgs(values)
  const hold = holdSettings(values['hold-timeout'], values['hold-timeout-action'])
  // Everything is checked before anything listens.
  const rules = values.rules === undefined ? [] : await readRules(values.rules)
  if (listen === args.port && listen !== 0) throw new UsageError(`--listen and --port are both ${listen}: the app's proxy and the inspector need a port each`)
  const server = await startServer(args, err, async (started) => {
    started.context.hub.rules.set(rules, hold)
    const proxy = await started.listenAppProxy(listen, { target, insecure: values.insecure }).catch(async (e) => {
      await started.close()
      return listenFailure(e, '--listen', listen, args.host)
    })
    const host = args.host.includes(':') ? `[${args.host}]` : args.host
    out.write(`wsinspect proxy: http://${host}:${proxy.port} → ${target.origin}\n`)
    out.write(`  Open the app at http://${host}:${proxy.port}/ and watch its WebSockets at ${started.url}\n`)
    if (rules.length) out.write(`  ${rules.length} rule${rules.length === 1 ? '' : 's'} from ${values.rules}\n`)
    out.write('  Press Ctrl-C to stop.\n')
  })
  if (args.open) openBrowser(server.url, err)
  return serveUntilStopped(server, out)
}

async function readRules(file: string): Promise<Rule[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read rules file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  }
  const rules = parseRulesText(text)
  if (!rules.ok) throw new UsageError(`rules file ${file}: ${rules.error}`)
  return rules.value
}

function holdSettings(timeout: string | undefined, action: string | undefined): { holdTimeoutMs?: number; holdTimeoutAction?: 'forward' | 'drop' } {
  const hold: { holdTimeoutMs?: number; holdTimeoutAction?: 'forward' | 'drop' } = {}
  if (timeout !== undefined) {
    if (!/^\d+$/.test(timeout) || Number(timeout) < 100)
      throw new UsageError(`--hold-timeout must be a whole number of milliseconds, at least 100, not "${timeout}"`)
    hold.holdTimeoutMs = Number(timeout)
  }
  if (action !== undefined) {
    if (action !== 'forward' && action !== 'drop') throw new UsageError(`--hold-timeout-action must be "forward" or "drop", not "${action}"`)
    hold.holdTimeoutAction = action
  }
  return hold
}
