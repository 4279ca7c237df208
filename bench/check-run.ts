import { WebSocketServer } from 'ws'
import { sectionSummaries } from '../src/check/report.ts'
import { runCheck } from '../src/server/check-runner.ts'
import { startCompanionServer } from '../src/server/http-server.ts'
import { LiveTable, type BenchSection } from './sections.ts'

export interface CheckTiming {
  target: string
  totalSeconds: number
  failed: number
  /** Seconds per section, by section id. */
  sections: Map<string, number>
}

async function timeRun(target: string, url: string, cases?: string): Promise<CheckTiming> {
  const started = performance.now()
  const outcome = await runCheck({ url, cases })
  const totalSeconds = (performance.now() - started) / 1000
  if (outcome.kind !== 'done') throw new Error(`check of ${target} stopped: ${outcome.kind === 'untestable' ? outcome.reason : 'cancelled'}`)
  const sections = new Map(sectionSummaries(outcome.report.cases).map((s) => [s.section, s.durationMs / 1000]))
  return { target, totalSeconds, failed: outcome.report.summary.FAILED, sections }
}

/** A full default `wsinspect check` against ws (with permessage-deflate) and against the companion's /echo, one after the other. */
export async function measureCheck(cases?: string): Promise<CheckTiming[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: { threshold: 0 } })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
  })
  await new Promise((resolve) => wss.on('listening', resolve))
  const companion = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, log: () => {} })
  try {
    return [
      await timeRun('ws 8 (permessage-deflate)', `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`, cases),
      await timeRun('companion /echo', `ws://127.0.0.1:${companion.port}/echo`, cases),
    ]
  } finally {
    await new Promise((resolve) => wss.close(resolve))
    await companion.close()
  }
}

export const checkSection: BenchSection = {
  name: 'check',
  title: 'wsinspect check: a full default run against ws 8 (permessage-deflate) and against the companion’s /echo, seconds per section',
  expected: { full: 'about 40 s', quick: 'about 1 s' },
  async run({ quick, log }) {
    const runs = await measureCheck(quick ? 'H.*,1.*,2.*,3.*,4.*,7.*' : undefined)
    const table = new LiveTable(['section', ...runs.map((r) => r.target), 'ratio'], [12, 10, 10, 5], log)
    for (const s of runs[0].sections.keys())
      table.row([s, ...runs.map((r) => (r.sections.get(s) ?? 0).toFixed(2)), ratio(runs[1].sections.get(s), runs[0].sections.get(s))])
    table.row(['total (wall)', ...runs.map((r) => r.totalSeconds.toFixed(2)), ratio(runs[1].totalSeconds, runs[0].totalSeconds)])
    table.row(['FAILED cases', ...runs.map((r) => r.failed), ''])
    log('\nratio = time against /echo / time against ws; target: a whole run under 60 s')
  },
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b ? (a / b).toFixed(2) : '-'
}
