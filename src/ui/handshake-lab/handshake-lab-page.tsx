import { CodeEditor } from '../components/code-editor.tsx'
import { FindingsList } from '../components/findings-list.tsx'
import { HandshakeChecksList } from '../components/handshake-checks-list.tsx'
import { useHandshakeStore } from './handshake-store.ts'
import { AcceptCalculator } from './accept-calculator.tsx'
import './handshake-lab.css'

/** Paste an opening handshake and see every RFC 6455 §4 rule checked and the negotiation explained. */
export function HandshakeLabPage() {
  return (
    <section className="page handshake-lab">
      <h1>Handshake lab</h1>
      <p className="muted page-intro">
        Paste a request and/or a response: raw HTTP, or the “Name:value” lines that browsers’ devtools copy (General, Request and Response Headers). It starts
        with the handshake from the project’s brief.
      </p>
      <div className="columns handshake-grid">
        <div>
          <HandshakeInput />
          <ParseNotes />
          <NegotiationNotes />
        </div>
        <div>
          <ChecksPanel />
        </div>
      </div>
      <AcceptCalculator />
    </section>
  )
}

function HandshakeInput() {
  const text = useHandshakeStore((s) => s.text)
  const setText = useHandshakeStore((s) => s.setText)
  return (
    <div className="editor-box">
      <CodeEditor value={text} onChange={setText} ariaLabel="Handshake" height={360} />
    </div>
  )
}

function ParseNotes() {
  const findings = useHandshakeStore((s) => s.parseFindings)
  if (findings.length === 0) return null
  return (
    <section aria-labelledby="handshake-parse-notes">
      <h2 id="handshake-parse-notes">Reading the text</h2>
      <FindingsList items={findings} label="Notes on the pasted text" />
    </section>
  )
}

function ChecksPanel() {
  const report = useHandshakeStore((s) => s.report)
  const format = useHandshakeStore((s) => s.parsed.format)
  const failed = report.checks.filter((c) => !c.ok).length
  const sides = [report.request ? 'a request' : '', report.response ? 'a response' : ''].filter(Boolean).join(' and ')
  return (
    <section aria-labelledby="handshake-checks">
      <h2 id="handshake-checks">RFC 6455 §4 checks</h2>
      <p data-testid="handshake-verdict">
        {sides
          ? `Read ${sides} (${format === 'devtools' ? 'devtools copy' : format === 'raw-http' ? 'raw HTTP' : 'raw HTTP and devtools'}): `
          : 'Nothing to check yet. '}
        {report.checks.length > 0 &&
          (failed === 0 ? (
            <strong className="ok">all {report.checks.length} checks pass</strong>
          ) : (
            <strong className="error">
              {failed} of {report.checks.length} checks fail
            </strong>
          ))}
      </p>
      <HandshakeChecksList checks={report.checks} />
    </section>
  )
}

function NegotiationNotes() {
  const notes = useHandshakeStore((s) => s.notes)
  return (
    <section aria-labelledby="handshake-negotiation">
      <h2 id="handshake-negotiation">Negotiation, in words</h2>
      <dl className="negotiation-notes">
        {notes.map((n, i) => (
          <div key={i}>
            <dt>
              <span className="mono">{n.topic}</span> <span className="muted">{n.rfc}</span>
            </dt>
            <dd>{n.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
