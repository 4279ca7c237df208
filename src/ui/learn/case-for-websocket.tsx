import { CodeEditor } from '../components/code-editor.tsx'
import { overheadRows, useOverheadStore } from './overhead-store.ts'
import { SAMPLE_SIZE, useStreamGainStore } from './stream-gain-store.ts'
import { formatByteCount, formatCount } from '../components/format.ts'

const SIZES = [10, 100, 125, 1_000, 65_535, 100_000]

/** Framing overhead against HTTP polling, measured on a real request. */
export function FramingOverhead() {
  const request = useOverheadStore((s) => s.request)
  const handshake = useOverheadStore((s) => s.handshake)
  const setHandshake = useOverheadStore((s) => s.setHandshake)
  return (
    <div className="case-grid">
      <div>
        {request ? (
          <>
            <p>
              A polling client sends a new HTTP request for every message: this one repeats{' '}
              <strong data-testid="polling-bytes">{formatByteCount(request.total)}</strong> of request line and header fields each time, before any data (and
              the response adds its own status line and headers). A WebSocket frame adds <strong>2 to 10 bytes</strong>, plus 4 for the masking key when the
              client sends.
            </p>
            <table className="overhead-table">
              <thead>
                <tr>
                  <th>Message</th>
                  <th>Frame header, server → client</th>
                  <th>client → server</th>
                  <th>Polling request headers</th>
                  <th>Polling / client frame</th>
                </tr>
              </thead>
              <tbody>
                {overheadRows(SIZES, request.total).map((r) => (
                  <tr key={r.payload}>
                    <td>{formatCount(r.payload)} B</td>
                    <td>{r.server} B</td>
                    <td>{r.client} B</td>
                    <td>{formatCount(r.polling)} B</td>
                    <td>{r.times}×</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <details>
              <summary>What the polling request repeats ({request.fields.length} fields)</summary>
              <ul className="mono polling-fields">
                <li>{request.requestLine.trim()}</li>
                {request.fields.map((f, i) => (
                  <li key={i}>
                    {f.name}: {f.bytes} B
                  </li>
                ))}
              </ul>
            </details>
          </>
        ) : (
          <p className="warn">Paste a handshake with its request header fields to measure them.</p>
        )}
      </div>
      <div>
        <MeasuredOn />
        <div className="editor-box">
          <CodeEditor value={handshake} onChange={setHandshake} ariaLabel="Handshake to measure" height={220} />
        </div>
      </div>
    </div>
  )
}

const SOURCES = {
  brief: 'the brief’s handshake request, copied from Chrome (its Cookie was shortened by hand, so the real request was larger)',
  browser: 'this browser’s own handshake request, as the companion server’s tap saw it on the wire',
  pasted: 'the handshake request pasted here',
}

/** Which request is measured, and the way to measure this browser's own. */
function MeasuredOn() {
  const source = useOverheadStore((s) => s.source)
  const capturing = useOverheadStore((s) => s.capturing)
  const problem = useOverheadStore((s) => s.problem)
  const measureOwn = useOverheadStore((s) => s.measureOwn)
  return (
    <>
      <p className="muted small" data-testid="measured-on">
        Measured on {SOURCES[source]}. The WebSocket-only fields (Upgrade, Connection, Sec-WebSocket-*) are left out, as a polling GET would not send them.
        Paste your own, or:
      </p>
      <div className="builder-row measure-own">
        <button type="button" onClick={measureOwn} disabled={capturing}>
          Measure this browser’s request
        </button>
        {problem && <span className="error">{problem}</span>}
      </div>
    </>
  )
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`
}

/** Context takeover's gain, measured on messages received from /stream. */
export function CompressionGainPanel() {
  const status = useStreamGainStore((s) => s.status)
  const count = useStreamGainStore((s) => s.received.length)
  const first = useStreamGainStore((s) => s.received[0])
  const extensions = useStreamGainStore((s) => s.extensions)
  const gain = useStreamGainStore((s) => s.gain)
  const problem = useStreamGainStore((s) => s.problem)
  const measure = useStreamGainStore((s) => s.measure)
  return (
    <div>
      <p>
        With permessage-deflate, context takeover lets each message refer back to earlier ones: the JSON keys of an event stream are sent once, then cost a few
        bits. The page collects {SAMPLE_SIZE} events from the companion server’s <code>/stream</code>, then compresses those same bytes with the core’s encoder
        as the server would send them: uncompressed, compressed per message (no context takeover), and with context takeover.
      </p>
      <div className="builder-row">
        <button type="button" className="primary" onClick={measure} disabled={status === 'collecting'}>
          Measure on /stream
        </button>
        {status === 'collecting' && (
          <span>
            Collecting… {count} / {SAMPLE_SIZE}
          </span>
        )}
        {extensions && <span className="muted">this browser’s socket negotiated: {extensions}</span>}
      </div>
      {problem && <p className="error">{problem}</p>}
      {gain && (
        <>
          <table className="gain-table" aria-label="Compression gain">
            <thead>
              <tr>
                <th>
                  {gain.messages} messages, {formatByteCount(gain.payloadBytes)} of JSON
                </th>
                <th>Bytes on the wire</th>
                <th>Per message</th>
                <th>Of uncompressed</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Uncompressed', gain.plain],
                  ['Compressed, no context takeover', gain.withoutTakeover],
                  ['Compressed, context takeover', gain.withTakeover],
                ] as const
              ).map(([label, bytes]) => (
                <tr key={label}>
                  <td>{label}</td>
                  <td data-testid={`gain-${label}`}>{bytes.toLocaleString('en')}</td>
                  <td>{Math.round(bytes / gain.messages)}</td>
                  <td>
                    <span className="gain-bar" style={{ width: `${(bytes / gain.plain) * 100}%` }} /> {percent(bytes, gain.plain)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {first && (
            <p className="muted small">
              First event: <code>{first.length > 160 ? `${first.slice(0, 160)}…` : first}</code>
            </p>
          )}
        </>
      )}
    </div>
  )
}
