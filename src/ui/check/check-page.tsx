import { useEffect, useState, useSyncExternalStore } from 'react'
import { ProgressBar } from '../components/progress-bar.tsx'
import { CaseDetail } from './case-detail.tsx'
import { CaseList } from './case-list.tsx'
import { CheckForm } from './check-form.tsx'
import { CheckRun } from './check-run.ts'
import { ReportFiles } from './report-files.tsx'
import { SectionSummary } from './section-summary.tsx'
import { VERDICTS } from '../../check/verdict.ts'
import { summarize } from '../../check/report.ts'
import './check.css'

/** "Check a server": wsinspect check run by the companion server, its progress and results. */
export function CheckPage() {
  const [run] = useState(() => new CheckRun())
  useEffect(() => () => run.dispose(), [run])
  const state = useSyncExternalStore(run.subscribe, run.getSnapshot)
  const [selected, setSelected] = useState<string | null>(null)
  const [problemsOnly, setProblemsOnly] = useState(false)
  const running = state.status === 'running'
  const summary = summarize(state.results)
  const shown = problemsOnly ? state.results.filter((r) => r.behavior !== 'OK' || r.closeBehavior !== 'OK') : state.results
  const current = state.results.find((r) => r.id === selected) ?? null
  return (
    <section className="page check-page">
      <h1>Check a server</h1>
      <p className="muted page-intro">
        Tests an echo server’s conformance to RFC 6455 and RFC 7692 with the Autobahn TestSuite’s cases (and section H for the opening handshake). The wsinspect
        server sends the frames — a browser cannot send invalid ones — to the URL given and nowhere else.
      </p>
      <CheckForm
        running={running}
        onRun={(r) => {
          setSelected(null)
          void run.start({ url: r.url, cases: r.sections.join(','), full: r.full })
        }}
        onCancel={() => run.cancel()}
      />
      {running && (
        <ProgressBar
          label="Check progress"
          fraction={state.total ? state.results.length / state.total : null}
          text={state.total ? `case ${state.results.length} of ${state.total}` : `connecting to ${state.target}…`}
        />
      )}
      {state.message && (
        <p role={state.status === 'done' ? undefined : 'alert'} className={state.status === 'done' ? 'muted' : 'error'}>
          {state.status === 'untestable' ? 'Cannot test: ' : state.status === 'error' ? 'Error: ' : ''}
          {state.message}
        </p>
      )}
      {state.results.length > 0 && (
        <p aria-label="Verdicts" className="check-totals">
          {state.target}:{' '}
          {VERDICTS.filter((v) => summary[v]).map((v, i) => (
            <span key={v}>
              {i > 0 && ', '}
              <span className={`verdict verdict-${v}`}>
                {summary[v]} {v}
              </span>
            </span>
          ))}
        </p>
      )}
      <ReportFiles report={state.report} onOpen={(report) => run.show(report)} />
      <SectionSummary results={state.results} />
      {state.results.length > 0 && (
        <div className="check-results">
          <div>
            <label>
              <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} /> Only cases not OK
            </label>
            <CaseList results={shown} selected={selected} onSelect={setSelected} />
          </div>
          <div>
            {current ? <CaseDetail result={current} /> : <p className="muted">Choose a case to see what it sent, what it expected and what came back.</p>}
          </div>
        </div>
      )}
    </section>
  )
}
