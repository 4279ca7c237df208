import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { SECTIONS } from '../check/cases/index.ts'
import { reportHtml } from '../check/report-html.ts'
import { sectionTable, verdictOf, type CheckReport } from '../check/report.ts'
import { CheckUsageError, DEFAULT_CASE_TIMEOUT, runCheck } from '../server/check-runner.ts'
import { UsageError } from './cli-error.ts'
import { makeStyler } from './style.ts'

export const CHECK_USAGE = `Usage: wsinspect check URL [--cases PATTERN[,PATTERN]] [--exclude PATTERN[,PATTERN]]
                       [--json FILE|-] [--html FILE] [--timeout MS] [--full]
                       [--header "Name: value"]... [--origin ORIGIN] [--insecure]

Tests an ECHO server's conformance to RFC 6455 and RFC 7692, case by case as the Autobahn
TestSuite numbers them (sections H, 1-7, 9, 10, 12, 13).

  URL           ws:// or wss:// of a server that echoes every message back
  --cases       case ids with * (1.*, 6.4.*, 12.1.*); default: every case
  --exclude     case ids to leave out, same patterns
  --json FILE   the report as JSON (- for standard output: no table then)
  --html FILE   the report as one standalone HTML file
  --timeout MS  per-case timeout (default ${DEFAULT_CASE_TIMEOUT})
  --full        Autobahn's sizes in sections 9, 12 and 13 (default: scaled down)
  --header      an extra request header field, repeatable
  --origin      an Origin for the handshake
  --insecure    accept a certificate that cannot be verified (wss://)

Exit status: 0 no case FAILED, 1 a case FAILED, 2 the target cannot be tested
(no connection, not a WebSocket, does not echo) or bad usage, 130 cancelled.`

const TITLES = Object.fromEntries(SECTIONS.map((s) => [s.id, s.title]))

export async function runCheckCommand(argv: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cases: { type: 'string' },
      exclude: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      timeout: { type: 'string' },
      full: { type: 'boolean', default: false },
      header: { type: 'string', multiple: true, default: [] },
      origin: { type: 'string' },
      insecure: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1) throw new UsageError('give exactly one URL (ws://… or wss://…)')
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 100 && timeoutMs <= 3_600_000)) {
    throw new UsageError(`--timeout takes milliseconds from 100 to 3600000 (got "${values.timeout}")`)
  }
  const headers = values.header.map((h): [string, string] => {
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):\s*(.*)$/.exec(h)
    if (!m || /[\r\n]/.test(h)) throw new UsageError(`--header "${h}" is not "Name: value"`)
    return [m[1], m[2]]
  })
  const s = makeStyler(err)
  const controller = new AbortController()
  const onSigint = () => controller.abort()
  process.once('SIGINT', onSigint)
  const live = Boolean(err.isTTY)
  let lastSection = ''
  try {
    const outcome = await runCheck({
      url: positionals[0],
      cases: values.cases,
      exclude: values.exclude,
      timeoutMs,
      full: values.full,
      headers,
      origin: values.origin,
      insecure: values.insecure,
      signal: controller.signal,
      onCaseStart: (c, i, total) => {
        if (live) err.write(`\r\x1b[K[${i + 1}/${total}] ${c.id} ${c.title.slice(0, 60)}`)
        else if (c.section !== lastSection) err.write(`section ${c.section}: ${TITLES[c.section] ?? ''} (case ${i + 1} of ${total})\n`)
        lastSection = c.section
      },
      onCaseDone: (r) => {
        if (verdictOf(r) !== 'FAILED') return
        err.write(`${live ? '\r\x1b[K' : ''}${s('red', 'FAILED')} ${r.id} ${r.title}: ${r.observed}\n`)
      },
    }).catch((e) => {
      if (e instanceof CheckUsageError) throw new UsageError(e.message)
      throw e
    })
    if (live) err.write('\r\x1b[K')
    await writeReports(outcome.report, values.json, values.html, out)
    if (values.json !== '-' && outcome.report.cases.length) out.write(`${sectionTable(outcome.report, TITLES)}\n`)
    if (outcome.kind === 'untestable') {
      err.write(`wsinspect check: cannot test: ${outcome.reason}\n`)
      return 2
    }
    if (outcome.kind === 'cancelled') {
      err.write('wsinspect check: cancelled\n')
      return 130
    }
    const failed = outcome.report.summary.FAILED
    err.write(failed ? s('red', `${failed} case${failed === 1 ? '' : 's'} FAILED\n`) : s('green', 'no case FAILED\n'))
    return failed ? 1 : 0
  } finally {
    process.off('SIGINT', onSigint)
  }
}

async function writeReports(report: CheckReport, json: string | undefined, html: string | undefined, out: NodeJS.WriteStream): Promise<void> {
  if (json === '-') out.write(`${JSON.stringify(report, null, 2)}\n`)
  else if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  if (html) await writeFile(html, reportHtml(report))
}
