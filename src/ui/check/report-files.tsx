import { useRef, useState, type ChangeEvent } from 'react'
import { reportHtml } from '../../check/report-html.ts'
import { parseReport, type CheckReport } from '../../check/report.ts'
import { downloadFile } from '../components/download.ts'

/** Export the report as JSON (the CLI's --json) or standalone HTML; open a saved JSON report again. */
export function ReportFiles({ report, onOpen }: { report: CheckReport | null; onOpen: (report: CheckReport) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const name = report ? `wsinspect-check-${report.target.replace(/^wss?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '_')}` : ''
  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    const parsed = parseReport(await file.text())
    if (!parsed.ok) return setProblem(`${file.name}: ${parsed.error}`)
    setProblem(null)
    onOpen(parsed.value)
  }
  return (
    <div className="check-files">
      <button
        type="button"
        disabled={!report}
        onClick={() => report && downloadFile({ name: `${name}.json`, text: `${JSON.stringify(report, null, 2)}\n`, type: 'application/json' })}
      >
        Export JSON
      </button>
      <button type="button" disabled={!report} onClick={() => report && downloadFile({ name: `${name}.html`, text: reportHtml(report), type: 'text/html' })}>
        Export HTML
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Open a saved report
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden aria-label="Saved report file" onChange={open} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </div>
  )
}
