import { WebSocketServer } from 'ws'
import { sectionSummaries } from '../src/check/report.ts'
import { runCheck } from '../src/server/check-runner.ts'
import { startCompanionServer } from '../src/server/http-server.ts'

export interface CheckTiming {
  target: string
  totalSeconds: number
  failed: number
  /** Seconds per section, by section id. */
  sections: Map<string, number>
}

async function timeRun(target: string, url: string): Promise<CheckTiming> {
  const started = performance.now()
  const outcome = await runCheck({ url })
  const totalSeconds = (performance.now() - started) / 1000
  if (outcome.kind !== 'done') throw new Error(`check of ${target} stopped: ${outcome.kind === 'untestable' ? outcome.reason : 'cancelled'}`)
  const sections = new Map(sectionSummaries(outcome.report.cases).map((s) => [s.section, s.durationMs / 1000]))
  return { target, totalSeconds, failed: outcome.report.summary.FAILED, sections }
}

/** A full default `wsinspect check` against ws (with permessage-deflate) and against the companion's /echo, one after the other. */
export async function measureCheck(): Promise<CheckTiming[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: { threshold: 0 } })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
  })
  await new Promise((resolve) => wss.on('listening', resolve))
  const companion = await startCompanionServer({ port: 0, host: '127.0.0.1', appDir: null, log: () => {} })
  try {
    return [
      await timeRun('ws 8 (permessage-deflate)', `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`),
      await timeRun('companion /echo', `ws://127.0.0.1:${companion.port}/echo`),
    ]
  } finally {
    await new Promise((resolve) => wss.close(resolve))
    await companion.close()
  }
}
