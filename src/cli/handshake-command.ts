import { parseArgs } from 'node:util'
import { checkHandshake, parseHandshake, utf8Decode, type HandshakeReport } from '../protocol/index.ts'
import { UsageError } from './cli-error.ts'
import { readSource } from './read-input.ts'
import { makeStyler } from './style.ts'

export const HANDSHAKE_USAGE = `Usage: wsinspect handshake [FILE | -] [--json]

Checks an opening handshake (a request, a response, or both; raw HTTP or the
"Name:value" lines browsers' devtools copy) against every rule of RFC 6455 §4.`

/** Handshakes are a few hundred bytes; anything near this is not one (and /dev/zero stops here). */
const MAX_HANDSHAKE_BYTES = 1024 * 1024

export async function runHandshake(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } })
  if (positionals.length > 1) throw new UsageError('give one FILE (or - for standard input)')
  const source = positionals[0] ?? '-'
  const name = source === '-' ? 'standard input' : source
  const text = utf8Decode(await readSource(source, MAX_HANDSHAKE_BYTES, ' for a handshake'))
  if (text.trim() === '') throw new UsageError(`${name} is empty: give an opening handshake (a request, a response, or both)`)
  const parsed = parseHandshake(text)
  if (!parsed.request && !parsed.response) {
    throw new UsageError(
      `${name} holds no WebSocket handshake: give "GET … HTTP/1.1" and/or "HTTP/1.1 101 …" with their header fields, or the headers copied from devtools`,
    )
  }
  const report = checkHandshake(parsed)
  if (values.json) {
    // The CLI contract writes RFC 6455 sections as bare numbers ("4.2.2"), other documents in full.
    const checks = report.checks.map((c) => ({ ...c, rfc: c.rfc.replace(/^RFC 6455 §/, '') }))
    out.write(JSON.stringify({ ...report, checks, findings: parsed.findings, format: parsed.format }, null, 2) + '\n')
  } else {
    out.write(
      formatReport(
        report,
        parsed.findings.map((f) => `${f.severity}: ${f.message}`),
        out,
      ) + '\n',
    )
  }
  return 0
}

function formatReport(report: HandshakeReport, notes: string[], stream: NodeJS.WriteStream): string {
  const s = makeStyler(stream)
  const lines: string[] = []
  if (report.request)
    lines.push(s('bold', 'Request  ') + `${report.request.method || '?'} ${report.request.url || '?'} (${report.request.headers.length} headers)`)
  if (report.response)
    lines.push(s('bold', 'Response ') + `${report.response.status || '?'} ${report.response.statusText} (${report.response.headers.length} headers)`)
  if (report.subprotocol) lines.push(`Subprotocol: ${report.subprotocol}`)
  for (const e of report.extensions) {
    const params = Object.entries(e.params).map(([k, v]) => (v === true ? k : `${k}=${v}`))
    lines.push(`Extension: ${e.name}${params.length ? `; ${params.join('; ')}` : ''}`)
  }
  lines.push('')
  for (const c of report.checks) {
    const mark = c.ok ? s('green', '✓') : s('red', '✗')
    lines.push(`${mark} ${c.message} ${s('dim', `(${c.rfc})`)}`)
    if (c.detail && !c.ok) lines.push(`    ${s('dim', c.detail)}`)
  }
  for (const n of notes) lines.push(s('yellow', n))
  const failed = report.checks.filter((c) => !c.ok).length
  lines.push('')
  lines.push(failed ? s('red', `${failed} of ${report.checks.length} checks failed`) : s('green', `all ${report.checks.length} checks passed`))
  return lines.join('\n')
}
