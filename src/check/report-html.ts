import { decodeFrameHeader, opcodeLabel } from '../protocol/index.ts'
import type { CaseResult } from './judge.ts'
import { sectionSummaries, verdictOf, type CheckReport } from './report.ts'
import { VERDICTS } from './verdict.ts'
import type { WireFrame } from './wire-log.ts'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Everything from the server (and the report file) is text, never markup. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c])
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
.v-OK{color:#1a7f37}.v-NON-STRICT{color:#9a6700}.v-INFORMATIONAL{color:#0969da}.v-UNIMPLEMENTED{color:#6e7781}.v-FAILED{color:#cf222e;font-weight:bold}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;margin:.2rem 0}details{margin:.2rem 0}.dim{color:#6e7781}`

/** A standalone HTML report: inline style, no script, nothing loaded from anywhere. */
export function reportHtml(report: CheckReport): string {
  const summary = VERDICTS.map((v) => `<span class="v-${v}">${v} ${report.summary[v]}</span>`).join(' · ')
  const sections = sectionSummaries(report.cases)
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.section)}</td><td>${s.cases}</td>${VERDICTS.map((v) => `<td class="v-${v}">${s.counts[v] || ''}</td>`).join('')}<td>${(s.durationMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join('\n')
  const cases = report.cases.map(caseRow).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>wsinspect check: ${escapeHtml(report.target)}</title><style>${STYLE}</style></head>
<body>
<h1>wsinspect check: <code>${escapeHtml(report.target)}</code></h1>
<p>Server: ${escapeHtml(report.server ?? 'not named')} · ${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s${report.full ? ' (--full)' : ''}${report.startedAt ? ` · ${escapeHtml(report.startedAt)}` : ''}</p>
${report.aborted ? `<p class="v-FAILED">Stopped early: ${escapeHtml(report.aborted)}</p>` : ''}
<p>${summary}</p>
<table><thead><tr><th>Section</th><th>Cases</th>${VERDICTS.map((v) => `<th>${v}</th>`).join('')}<th>Time</th></tr></thead><tbody>
${sections}
</tbody></table>
<table><thead><tr><th>Case</th><th>Behaviour</th><th>Close</th><th>Details</th></tr></thead><tbody>
${cases}
</tbody></table>
</body></html>
`
}

function caseRow(c: CaseResult): string {
  const wire = c.wire.map(frameLine).join('')
  return `<tr id="case-${escapeHtml(c.id)}"><td><b>${escapeHtml(c.id)}</b></td><td class="v-${c.behavior}">${c.behavior}</td><td class="v-${c.closeBehavior}">${c.closeBehavior}</td><td>
<div>${escapeHtml(c.title)}</div><details${verdictOf(c) === 'FAILED' ? ' open' : ''}><summary>${escapeHtml(c.observed)}</summary>
<p><b>Expected:</b> ${escapeHtml(c.expectation)} <span class="dim">(${escapeHtml(c.rfc)}, ${c.durationMs} ms${c.remoteCloseCode !== null ? `, server close code ${c.remoteCloseCode}` : ''})</span></p>
${c.handshake ? `<pre>${escapeHtml(c.handshake.request)}</pre><pre>${escapeHtml(c.handshake.response)}</pre>` : ''}${wire}</details></td></tr>`
}

/** One wire frame: its header fields in words, then its bytes. */
export function frameSummary(frame: WireFrame): string {
  const header = decodeFrameHeader(wireBytes(frame))
  if (!header.ok) return 'partial header'
  const h = header.header
  const flags = [h.fin ? 'FIN' : '', h.rsv1 ? 'RSV1' : '', h.rsv2 ? 'RSV2' : '', h.rsv3 ? 'RSV3' : ''].filter(Boolean).join(' ')
  return `${opcodeLabel(h.opcode)} (0x${h.opcode.toString(16)})${flags ? ` ${flags}` : ''}${h.masked ? ' masked' : ''}, ${h.payloadLength} B`
}

function frameLine(frame: WireFrame): string {
  const arrow = frame.direction === 'sent' ? '→' : '←'
  return `<pre>${arrow} @${frame.offset} ${escapeHtml(frameSummary(frame))}\n${escapeHtml(frame.hex)}${frame.truncated ? ' …' : ''}</pre>`
}

/** A wire frame's bytes from its hex (pairs separated by spaces). */
export function wireBytes(frame: WireFrame): Uint8Array {
  const pairs = frame.hex.split(' ').filter(Boolean)
  return Uint8Array.from(pairs, (pair) => parseInt(pair, 16) & 0xff)
}
