import type { RawData } from 'ws'
import type { CheckCommand, CheckEvent, CheckStart } from '../shared/check-api.ts'
import { acceptWebSocket } from './accept-websocket.ts'
import { CheckUsageError, runCheck } from './check-runner.ts'
import type { UpgradeHandler } from './server-context.ts'

const MAX_COMMAND_BYTES = 16 * 1024

/** `/api/check`: runs `wsinspect check` for the app and streams each case's result. One run per connection. */
export const handleCheck: UpgradeHandler = async (req, socket, head, _url, context) => {
  const ws = await acceptWebSocket(req, socket, head, { perMessageDeflate: { threshold: 1024 }, maxPayload: MAX_COMMAND_BYTES }, context.tracker)
  const controller = new AbortController()
  let started = false
  const send = (event: CheckEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event))
  }
  ws.on('close', () => controller.abort())
  ws.on('message', (data: RawData) => {
    const command = parseCommand(String(data))
    if (typeof command === 'string') return send({ type: 'error', message: command })
    if (command.type === 'cancel') return controller.abort()
    if (started) return send({ type: 'error', message: 'a check is already running on this connection' })
    started = true
    run(command, controller.signal, send).finally(() => ws.close(1000))
  })
}

async function run(start: CheckStart, signal: AbortSignal, send: (event: CheckEvent) => void): Promise<void> {
  try {
    const outcome = await runCheck({
      url: start.url,
      cases: start.cases,
      exclude: start.exclude,
      full: start.full,
      timeoutMs: start.timeoutMs,
      origin: start.origin,
      insecure: start.insecure,
      signal,
      onCaseStart: (_c, index, total) => {
        if (index === 0) send({ type: 'started', total })
      },
      onCaseDone: (result, index, total) => send({ type: 'case', index, total, result }),
    })
    send({ type: 'finished', outcome: outcome.kind, reason: outcome.kind === 'untestable' ? outcome.reason : null, report: outcome.report })
  } catch (e) {
    if (!(e instanceof CheckUsageError)) throw e
    send({ type: 'error', message: e.message })
  }
}

function parseCommand(text: string): CheckCommand | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'a command must be JSON'
  }
  const c = value as Partial<Omit<CheckStart, 'type'>> & { type?: string }
  if (c?.type === 'cancel') return { type: 'cancel' }
  if (c?.type !== 'start') return 'the first command must be {"type":"start","url":…}'
  if (typeof c.url !== 'string') return 'start needs a "url"'
  for (const key of ['cases', 'exclude', 'origin'] as const) if (c[key] !== undefined && typeof c[key] !== 'string') return `"${key}" must be a string`
  if (c.timeoutMs !== undefined && !(Number.isInteger(c.timeoutMs) && c.timeoutMs >= 100 && c.timeoutMs <= 600_000))
    return '"timeoutMs" must be an integer from 100 to 600000'
  return {
    type: 'start',
    url: c.url,
    cases: c.cases,
    exclude: c.exclude,
    full: c.full === true,
    timeoutMs: c.timeoutMs,
    origin: c.origin,
    insecure: c.insecure === true,
  }
}
