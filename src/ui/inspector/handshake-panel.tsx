import { acceptSteps, headerValues, type HandshakeCheck } from '../../protocol/index.ts'
import { useConnectionsStore, useTabSession } from '../connection/connections-store.ts'
import type { Attempt, TapHandshake } from '../connection/connection.ts'
import { useConnectionView, useShownAttempt } from '../connection/use-connection.ts'
import { AttemptPicker } from '../components/attempt-picker.tsx'
import { ConnectionFindings } from './connection-findings.tsx'
import './inspector.css'

/**
 * The opening handshake of one connection attempt (the current one, or an earlier one the user
 * picks). Through the tap: both header blocks as they crossed the wire, every RFC 6455 §4 check
 * from the core with its verdict, and the Accept computation step by step. Direct: what a page
 * can see (url, protocol, extensions) and what the browser keeps hidden. Then the attempt's
 * protocol findings.
 */
export function HandshakePanel({ id }: { id: string }) {
  const attempt = useShownAttempt(id)
  const current = useConnectionView(id, (v) => v.attempts.at(-1)?.number === attempt?.number)
  return (
    <div className="detail-panel">
      <AttemptPicker id={id} />
      {attempt?.handshake ? (
        <TapHandshakeView handshake={attempt.handshake} />
      ) : attempt && (attempt.tapped || !current) ? (
        <NoHandshake attempt={attempt} />
      ) : (
        <DirectHandshake id={id} />
      )}
      <ConnectionFindings id={id} />
    </div>
  )
}

/** An attempt without a handshake to show: the tap got no answer (yet), or an earlier direct attempt. */
function NoHandshake({ attempt }: { attempt: Attempt }) {
  const how = attempt.tapped ? 'through the tap' : 'direct: the browser does not expose the handshake'
  return (
    <>
      <p className="muted">
        No handshake for attempt {attempt.number} ({attempt.url}, {how}){attempt.error ? '.' : attempt.tapped ? ': waiting for the target’s answer.' : '.'}
      </p>
      {attempt.error && <p className="error">{attempt.error.split('\n')[0]}</p>}
    </>
  )
}

function TapHandshakeView({ handshake }: { handshake: TapHandshake }) {
  const { request, response, checks } = handshake.report
  const failed = checks.filter((c) => !c.ok).length
  return (
    <>
      <h3>Checks</h3>
      <p className={failed ? 'error' : 'ok'}>{failed ? `${failed} of ${checks.length} checks failed` : `All ${checks.length} checks pass`}</p>
      <ul className="checks" aria-label="Handshake checks">
        {checks.map((c) => (
          <CheckItem key={c.id} check={c} />
        ))}
      </ul>
      {request && <AcceptSteps requestHeaders={request.headers} responseHeaders={response?.headers ?? []} />}
      <h3>Request</h3>
      <HeaderBlock text={handshake.requestText} label="Request headers" />
      <h3>Response</h3>
      <HeaderBlock text={handshake.responseText} label="Response headers" />
    </>
  )
}

function CheckItem({ check }: { check: HandshakeCheck }) {
  return (
    <li className={check.ok ? 'pass' : 'fail'}>
      <span className="verdict" aria-label={check.ok ? 'pass' : 'fail'}>
        {check.ok ? '✓' : '✗'}
      </span>
      <span>
        {check.message}{' '}
        <span className="muted">
          ({check.rfc}, {check.side})
        </span>
        {check.detail && <span className="check-detail muted">{check.detail}</span>}
      </span>
    </li>
  )
}

function AcceptSteps({ requestHeaders, responseHeaders }: { requestHeaders: [string, string][]; responseHeaders: [string, string][] }) {
  const key = headerValues(requestHeaders, 'Sec-WebSocket-Key')[0]
  if (key === undefined) return null
  const steps = acceptSteps(key)
  const sent = headerValues(responseHeaders, 'Sec-WebSocket-Accept')[0]
  return (
    <>
      <h3>Sec-WebSocket-Accept, step by step</h3>
      <ol className="accept-steps">
        <li>
          The client's key: <code>{steps.key}</code>
        </li>
        <li>
          Append the GUID (the key is used as text, not base64-decoded): <code className="wrap">{steps.concatenated}</code>
        </li>
        <li>
          SHA-1 of that: <code className="wrap">{steps.sha1Hex}</code>
        </li>
        <li>
          base64 of the 20 digest bytes: <code>{steps.accept}</code>
        </li>
        <li>
          The server sent{' '}
          {sent === undefined ? (
            <span className="error">no Sec-WebSocket-Accept</span>
          ) : (
            <>
              <code>{sent}</code> —{' '}
              <span className={sent.trim() === steps.accept ? 'ok' : 'error'}>{sent.trim() === steps.accept ? 'it matches' : 'it does not match'}</span>
            </>
          )}
        </li>
      </ol>
    </>
  )
}

function HeaderBlock({ text, label }: { text: string; label: string }) {
  return (
    <pre className="header-block" aria-label={label}>
      {text.trimEnd()}
    </pre>
  )
}

function DirectHandshake({ id }: { id: string }) {
  const status = useConnectionsStore((s) => s.byId[id].status)
  const offered = useConnectionsStore((s) => s.byId[id].config.protocols)
  const session = useTabSession(id)
  if (session)
    return (
      <p className="muted">
        This session has no handshake: {session.source === 'paste' ? 'it was decoded from pasted frame bytes' : 'its source did not record one'}.
      </p>
    )
  if (status.phase !== 'open' && !status.url) return <p className="muted">Connect to see the handshake.</p>
  return (
    <>
      <h3>What the browser exposes</h3>
      <dl className="facts">
        <dt>url</dt>
        <dd className="mono">{status.url}</dd>
        <dt>protocol</dt>
        <dd className="mono">
          {status.protocol || '""'}{' '}
          <span className="muted">
            {status.protocol ? `(chosen from: ${offered})` : offered ? '(none of the offered subprotocols was chosen)' : '(none offered)'}
          </span>
        </dd>
        <dt>extensions</dt>
        <dd className="mono">{status.extensions || '""'}</dd>
      </dl>
      <h3>What it does not</h3>
      <p>
        A page's WebSocket never sees the HTTP exchange: not the request it sent (Sec-WebSocket-Key, Origin, Cookie, the offered extensions), nor the response's
        status line and headers (Sec-WebSocket-Accept, Set-Cookie, Server). The browser checks the Accept value itself and, on any problem, only reports a
        failed connection (close code 1006).
      </p>
      <p>Connect Through tap to see both header blocks, every RFC 6455 §4 check with its verdict, and the Accept computation step by step.</p>
    </>
  )
}
