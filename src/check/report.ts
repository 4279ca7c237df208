import { err, ok, type Result } from '../protocol/index.ts'
import type { CaseResult } from './judge.ts'
import { caseVerdict, emptyCounts, VERDICTS, type Verdict, type VerdictCounts } from './verdict.ts'

/** The `--json` report of check-cli.md. */
export interface CheckReport {
  target: string
  /** The Server header of the handshake response, or null. */
  server: string | null
  durationMs: number
  summary: VerdictCounts
  cases: CaseResult[]
  /** Set when the run stopped early: why the target could not be tested. */
  aborted?: string
  full?: boolean
  startedAt?: string
}

export interface SectionSummary {
  section: string
  counts: VerdictCounts
  cases: number
  durationMs: number
}

export function verdictOf(result: CaseResult): Verdict {
  return caseVerdict(result.behavior, result.closeBehavior)
}

export function summarize(cases: readonly CaseResult[]): VerdictCounts {
  const counts = emptyCounts()
  for (const c of cases) counts[verdictOf(c)]++
  return counts
}

export function sectionSummaries(cases: readonly CaseResult[]): SectionSummary[] {
  const bySection = new Map<string, SectionSummary>()
  for (const c of cases) {
    let s = bySection.get(c.section)
    if (!s) bySection.set(c.section, (s = { section: c.section, counts: emptyCounts(), cases: 0, durationMs: 0 }))
    s.counts[verdictOf(c)]++
    s.cases++
    s.durationMs += c.durationMs
  }
  return [...bySection.values()]
}

/** The section table printed on standard output. */
export function sectionTable(report: CheckReport, titles: Record<string, string> = {}): string {
  const header = ['Section', 'Cases', ...VERDICTS, 'Time']
  const rows = sectionSummaries(report.cases).map((s) => [
    `${s.section} ${titles[s.section] ?? ''}`.trim(),
    String(s.cases),
    ...VERDICTS.map((v) => (s.counts[v] ? String(s.counts[v]) : '-')),
    `${(s.durationMs / 1000).toFixed(1)} s`,
  ])
  rows.push(['Total', String(report.cases.length), ...VERDICTS.map((v) => String(report.summary[v])), `${(report.durationMs / 1000).toFixed(1)} s`])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}

/** Reads a saved report back (the page's "open a report"); a message for anything else. */
export function parseReport(text: string): Result<CheckReport> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return err(`not JSON: ${(e as Error).message}`)
  }
  const r = value as Partial<CheckReport>
  if (!r || typeof r !== 'object' || typeof r.target !== 'string' || !Array.isArray(r.cases))
    return err('not a wsinspect check report (it needs "target" and "cases")')
  for (const [i, c] of r.cases.entries()) {
    const valid =
      c &&
      typeof c.id === 'string' &&
      typeof c.section === 'string' &&
      VERDICTS.includes(c.behavior) &&
      VERDICTS.includes(c.closeBehavior) &&
      Array.isArray(c.wire)
    if (!valid) return err(`case ${i + 1} is not a check result (id, section, behavior, closeBehavior, wire)`)
  }
  return ok({ ...r, server: r.server ?? null, durationMs: Number(r.durationMs) || 0, summary: summarize(r.cases as CaseResult[]) } as CheckReport)
}
