import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { importSessionsJson } from '../importers/session-json.ts'
import type { Session } from '../shared/session.ts'
import { UsageError } from './cli-error.ts'
import { replayPlan } from '../shared/replay-plan.ts'
import { compareReplay, messageLine, ReplayRun } from '../shared/replay-run.ts'

export const REPLAY_USAGE = `Usage: wsinspect replay SESSION.json --target ws[s]://HOST[:PORT]/PATH
                       [--speed N | --speed max] [--session N] [--wait MS] [--json] [--insecure]

Sends a saved session's client messages (text and binary) to --target again and compares
what the server answers with what it answered when the session was recorded. Answers to a
message are the server's messages before the next client message.
  --speed N        timing: 1 (default) as recorded, 2 twice as fast, 0.5 half as fast
                   (never before the previous message's answers are in);
                   max: each message as soon as the previous one's answers are in
  --session N      which session of the file (default 1, the first)
  --wait MS        how long to wait for answers that are late or missing (default 2000)
  --json           print the comparison as JSON
  --insecure       accept any certificate from a wss:// target
Exit status: 0 every answer matches, 1 some differ, 2 bad usage or file, 3 the target
could not be reached or closed the connection early.`

const EXIT_DIFFERENT = 1
const EXIT_UNREACHABLE = 3

/** `wsinspect replay session.json --target ws://localhost:3000/socket --speed max`. */
export async function runReplay(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      speed: { type: 'string', default: '1' },
      session: { type: 'string', default: '1' },
      wait: { type: 'string', default: '2000' },
      json: { type: 'boolean', default: false },
      insecure: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length ? `unexpected argument "${positionals[1]}"` : 'SESSION.json is required: a session exported from wsinspect (Export JSON)',
    )
  if (!values.target) throw new UsageError('--target URL is required: the ws:// or wss:// server to replay to')
  if (!/^wss?:\/\//i.test(values.target)) throw new UsageError(`--target must be a ws:// or wss:// URL, not "${values.target}"`)
  const speed = values.speed === 'max' ? Infinity : Number(values.speed)
  if (!(speed > 0)) throw new UsageError(`--speed must be a positive number or "max", not "${values.speed}"`)
  const wait = Number(values.wait)
  if (!Number.isInteger(wait) || wait < 0) throw new UsageError(`--wait must be a whole number of milliseconds, not "${values.wait}"`)
  const session = await readSession(positionals[0], values.session)
  const plan = replayPlan(session)
  if (!plan.steps.length) throw new UsageError(`${positionals[0]}: the session has no client text or binary messages to replay`)

  let ws: WebSocket | null = null
  const run = new ReplayRun(plan, (m) => ws?.send(m.data, { binary: m.type === 'binary' }))
  try {
    ws = await open(values.target, session.info.subprotocol, values.insecure, wait, run)
  } catch (e) {
    err.write(`wsinspect replay: cannot connect to ${values.target}: ${(e as Error).message}\n`)
    return EXIT_UNREACHABLE
  }
  const result = await run.run({ speed, waitMs: wait })
  ws.close(1000)
  const steps = compareReplay(plan, result.answers).map((s) => ({
    sent: show(s.sent),
    recorded: s.recorded.map(show),
    received: (s.received ?? []).map(show),
    same: s.same,
  }))
  const differing = steps.filter((s) => !s.same).length
  if (values.json) {
    out.write(`${JSON.stringify({ target: values.target, steps, differing, closedEarly: result.closedEarly })}\n`)
  } else {
    steps.forEach((s, i) => {
      out.write(`${s.same ? '=' : '≠'} ${i + 1}/${steps.length} sent ${s.sent}\n`)
      if (!s.same) {
        for (const r of s.recorded) out.write(`    recorded ${r}\n`)
        for (const r of s.received) out.write(`    now      ${r}\n`)
        if (s.received.length < s.recorded.length)
          out.write(`    now      (${s.recorded.length - s.received.length} fewer answer${s.recorded.length - s.received.length === 1 ? '' : 's'})\n`)
      }
    })
    out.write(
      `${steps.length - differing} of ${steps.length} answered as recorded${differing ? `, ${differing} differ` : ''}${result.closedEarly ? `; the server closed the connection early (${result.closedEarly})` : ''}\n`,
    )
  }
  if (result.closedEarly && result.answers.length < plan.steps.length) return EXIT_UNREACHABLE
  return differing ? EXIT_DIFFERENT : 0
}

async function readSession(file: string, which: string): Promise<Session> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  }
  const imported = importSessionsJson(bytes)
  if (imported.errors.length && !imported.sessions.length) throw new UsageError(`${file}: ${imported.errors[0].message}`)
  const index = Number(which)
  if (!Number.isInteger(index) || index < 1 || index > imported.sessions.length) {
    throw new UsageError(`--session must be from 1 to ${imported.sessions.length} (the sessions in ${file}), not "${which}"`)
  }
  return imported.sessions[index - 1]
}

/** Opens the socket with the run listening from the start, so a greeting sent at once is not missed. */
function open(target: string, subprotocol: string | null, insecure: boolean, timeoutMs: number, run: ReplayRun): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, subprotocol ? [subprotocol] : [], { rejectUnauthorized: !insecure, handshakeTimeout: Math.max(1000, timeoutMs) })
    ws.on('message', (data, isBinary) => run.received({ type: isBinary ? 'binary' : 'text', data: new Uint8Array(data as Buffer) }))
    ws.on('close', (code, reason) => run.closed(`${code}${reason.length ? ` ${reason.toString()}` : ''}`))
    ws.once('open', () => resolve(ws))
    ws.once('error', (e) => {
      ws.on('error', () => {})
      reject(e)
    })
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate()
      reject(new Error(`it answered ${res.statusCode} ${res.statusMessage} instead of 101 Switching Protocols`))
    })
  })
}

/** One message in a line: text as a JSON string, binary as hex, both cut. */
const show = (m: { type: 'text' | 'binary'; data: Uint8Array }) => messageLine(m, 120, 32)
