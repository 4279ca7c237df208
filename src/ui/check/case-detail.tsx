import type { CaseResult } from '../../check/judge.ts'
import { frameSummary, wireBytes } from '../../check/report-html.ts'
import { FrameCard } from '../components/frame-card.tsx'

/** One case: what it sent and expected, what happened, and its frames as annotated bit layouts. */
export function CaseDetail({ result }: { result: CaseResult }) {
  return (
    <article className="check-detail" aria-label={`Case ${result.id}`}>
      <h2>
        Case {result.id}: <span className={`verdict verdict-${result.behavior}`}>{result.behavior}</span> /{' '}
        <span className={`verdict verdict-${result.closeBehavior}`}>{result.closeBehavior}</span>
      </h2>
      <p>{result.title}</p>
      <dl>
        <dt>Expected</dt>
        <dd>{result.expectation}</dd>
        <dt>What happened</dt>
        <dd>{result.observed}</dd>
        <dt>Rule</dt>
        <dd>
          {result.rfc}, {result.durationMs} ms{result.remoteCloseCode !== null ? `, the server’s close code ${result.remoteCloseCode}` : ''}
        </dd>
      </dl>
      {result.handshake && (
        <>
          <h3>Handshake</h3>
          <pre className="check-handshake">{result.handshake.request}</pre>
          <pre className="check-handshake">{result.handshake.response}</pre>
        </>
      )}
      <h3>Wire frames</h3>
      {result.wire.length === 0 && <p className="muted">No frames crossed the wire.</p>}
      <ol className="check-wire">
        {result.wire.map((frame, i) => (
          <li key={i}>
            <details open={i < 2}>
              <summary>
                <span className={frame.direction === 'sent' ? 'dir-sent' : 'dir-received'}>{frame.direction === 'sent' ? '→ sent' : '← received'}</span> at{' '}
                {frame.offset}: {frameSummary(frame)}
                {frame.truncated ? ' (first bytes)' : ''}
              </summary>
              <FrameCard
                bytes={wireBytes(frame)}
                baseOffset={frame.offset}
                maxRows={4}
                caption={`${frame.direction === 'sent' ? 'Sent' : 'Received'} frame at offset ${frame.offset}`}
              />
            </details>
          </li>
        ))}
      </ol>
    </article>
  )
}
