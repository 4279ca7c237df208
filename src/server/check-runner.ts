import net from 'node:net'
import tls from 'node:tls'
import { CaseRun } from '../check/case-run.ts'
import type { CheckCase } from '../check/case-definition.ts'
import { parseTarget, type Target } from '../check/client-handshake.ts'
import { ALL_CASES } from '../check/cases/index.ts'
import { selectCases } from '../check/case-filter.ts'
import type { CaseResult } from '../check/judge.ts'
import { ECHO_PROBE } from '../check/probe.ts'
import { summarize, type CheckReport } from '../check/report.ts'

export const DEFAULT_CASE_TIMEOUT = 10_000

export interface CheckOptions {
  url: string
  headers?: [string, string][]
  origin?: string
  /** Accept a self-signed or otherwise unverifiable certificate (wss://). */
  insecure?: boolean
  cases?: string
  exclude?: string
  /** Per-case timeout in milliseconds. */
  timeoutMs?: number
  full?: boolean
  signal?: AbortSignal
  onCaseStart?: (definition: CheckCase, index: number, total: number) => void
  onCaseDone?: (result: CaseResult, index: number, total: number) => void
}

export type CheckOutcome =
  | { kind: 'done'; report: CheckReport }
  /** The target cannot be tested: no connection, not a WebSocket, or it does not echo. */
  | { kind: 'untestable'; reason: string; report: CheckReport }
  | { kind: 'cancelled'; report: CheckReport }

/** Runs the selected cases one after the other, each on its own connection to the user's URL (and only there). */
export async function runCheck(options: CheckOptions): Promise<CheckOutcome> {
  const parsed = parseTarget(options.url, { origin: options.origin, headers: options.headers })
  if (!parsed.ok) throw new CheckUsageError(parsed.error)
  const target = parsed.value
  const selected = selectCases(ALL_CASES, options.cases, options.exclude)
  if (selected.length === 0) throw new CheckUsageError(`no case matches ${options.cases ?? ''}${options.exclude ? ` without ${options.exclude}` : ''}`)
  const timeoutMs = options.timeoutMs ?? DEFAULT_CASE_TIMEOUT
  const started = Date.now()
  const results: CaseResult[] = []
  const report = (server: string | null, aborted?: string): CheckReport => ({
    target: target.url,
    server,
    durationMs: Date.now() - started,
    summary: summarize(results),
    cases: results,
    full: options.full ?? false,
    startedAt: new Date(started).toISOString(),
    ...(aborted ? { aborted } : {}),
  })
  const runOne = (definition: CheckCase) =>
    runCase(definition, target, { timeoutMs, full: options.full ?? false, insecure: options.insecure ?? false, signal: options.signal })

  const probe = await runOne(ECHO_PROBE)
  const server = probe.run.serverHeader
  if (options.signal?.aborted) return { kind: 'cancelled', report: report(server, 'cancelled') }
  if (probe.result.behavior !== 'OK') {
    const observed = probe.result.observed
    const reason = observed.startsWith('no connection')
      ? `cannot connect to ${target.url}: ${observed.replace('no connection: ', '')}`
      : `${target.url} does not echo: ${observed}`
    return { kind: 'untestable', reason, report: report(server, reason) }
  }
  for (const [index, definition] of selected.entries()) {
    options.onCaseStart?.(definition, index, selected.length)
    const { run, result } = await runOne(definition)
    if (options.signal?.aborted) return { kind: 'cancelled', report: report(server, 'cancelled') }
    results.push(result)
    options.onCaseDone?.(result, index, selected.length)
    // A server that went quiet: if it no longer echoes either, the rest cannot be judged.
    if ((run.silent && result.behavior === 'FAILED') || result.observed.startsWith('no connection')) {
      const again = await runOne(ECHO_PROBE)
      if (again.result.behavior !== 'OK' && !options.signal?.aborted) {
        const reason = `${target.url} stopped echoing after case ${definition.id}: ${again.result.observed}`
        return { kind: 'untestable', reason, report: report(server, reason) }
      }
    }
  }
  return { kind: 'done', report: report(server) }
}

export class CheckUsageError extends Error {}

interface CaseOptions {
  timeoutMs: number
  full: boolean
  insecure: boolean
  signal?: AbortSignal
}

/** Drives one CaseRun over a real socket: bytes in and out, its deadlines as timers. */
export function runCase(definition: CheckCase, target: Target, options: CaseOptions): Promise<{ run: CaseRun; result: CaseResult }> {
  const timeoutMs = options.full && definition.timeoutMs ? Math.max(options.timeoutMs, definition.timeoutMs) : options.timeoutMs
  const run = new CaseRun(definition, { target, timeoutMs, settleMs: Math.min(1000, Math.max(200, timeoutMs / 4)), full: options.full })
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | null = null
    let finished = false
    const socket = target.secure
      ? tls.connect({
          host: target.host,
          port: target.port,
          servername: net.isIP(target.host) ? undefined : target.host,
          rejectUnauthorized: !options.insecure,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: target.host, port: target.port })
    socket.setNoDelay(true)
    const connectTimer = setTimeout(() => {
      run.connectFailed(`no connection to ${target.host}:${target.port} within ${timeoutMs} ms`, Date.now())
      pump()
    }, timeoutMs)
    const onAbort = () => {
      run.connectFailed('cancelled', Date.now())
      pump()
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })

    const pump = () => {
      if (finished) return
      for (const bytes of run.bytesToSend()) if (!socket.destroyed) socket.write(bytes)
      if (run.done) {
        finished = true
        if (timer) clearTimeout(timer)
        clearTimeout(connectTimer)
        options.signal?.removeEventListener('abort', onAbort)
        socket.destroy()
        resolve({ run, result: run.result! })
        return
      }
      if (timer) clearTimeout(timer)
      const deadline = run.nextDeadline
      if (deadline !== null) {
        timer = setTimeout(
          () => {
            run.tick(Date.now())
            pump()
          },
          Math.max(0, deadline - Date.now()),
        )
      }
    }
    let connected = false
    socket.once(target.secure ? 'secureConnect' : 'connect', () => {
      connected = true
      clearTimeout(connectTimer)
      run.start(Date.now())
      pump()
    })
    socket.on('data', (chunk: Buffer) => {
      run.receiveData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), Date.now())
      pump()
    })
    socket.on('end', () => {
      run.receiveEof(Date.now())
      pump()
    })
    socket.on('error', (e) => {
      if (run.done) return
      if (!connected) run.connectFailed(e.message, Date.now())
      else run.receiveEof(Date.now())
      pump()
    })
    socket.on('close', () => {
      run.receiveEof(Date.now())
      pump()
    })
  })
}
