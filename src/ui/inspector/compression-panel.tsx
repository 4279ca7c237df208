import { negotiatedDeflate, paramsFor, type DeflateParams } from '../../protocol/index.ts'
import { formatByteCount, formatRatio } from '../components/format.ts'
import { useConnectionsStore } from '../connection/connections-store.ts'
import { useTapDeflate } from '../connection/use-connection.ts'
import { MessageSummary } from './message-summary.tsx'
import { useSelectedMessage, type SelectedMessage } from './use-selected-message.ts'
import './inspector.css'

/**
 * permessage-deflate for the connection (what was negotiated, per sender) and the selected
 * message (wire bytes against inflated bytes). Through the tap both are measured; a page
 * only learns the negotiated extension, never what happened to one message.
 */
export function CompressionPanel({ id }: { id: string }) {
  const message = useSelectedMessage(id)
  const tapDeflate = useTapDeflate(id)
  const extensions = useConnectionsStore((s) => s.byId[id].status.extensions)
  const deflate = tapDeflate ?? negotiatedDeflate(extensions).params
  return (
    <div className="detail-panel">
      {message && <MessageSummary message={message} />}
      <h3>This message</h3>
      {message ? <MessageCompression message={message} deflate={deflate} /> : <p className="muted">Select a message to see its compression.</p>}
      <h3>Negotiated</h3>
      <Negotiation deflate={deflate} extensions={extensions} />
    </div>
  )
}

function MessageCompression({ message: m, deflate }: { message: SelectedMessage; deflate: DeflateParams | null }) {
  if (m.type !== 'text' && m.type !== 'binary') return <p>Control frames (ping, pong, close) are never compressed (RFC 7692 §6.1).</p>
  if (!deflate)
    return (
      <p>
        Not compressed: permessage-deflate was not negotiated, so the payload travels as it is
        {m.wireSize !== null && <> — {formatByteCount(m.wireSize)} on the wire with the frame header</>}.
      </p>
    )
  // With compression negotiated only the tap measures messages; a page's are unknown (null).
  if (m.wirePayload === null) {
    return (
      <p className="notice">
        The browser does not reveal per-message compression: whether this message was compressed, and how many bytes it took on the wire, are unknown. Connect
        Through tap to measure it.
      </p>
    )
  }
  if (!m.compressed) return <p>Sent uncompressed (RSV1 clear): {formatByteCount(m.wirePayload)} of payload on the wire.</p>
  const takeover = !paramsFor(deflate, m.sender).noContextTakeover
  const saved = 1 - m.wirePayload / Math.max(1, m.size)
  return (
    <>
      <dl className="facts">
        <dt>On the wire</dt>
        <dd>
          {formatByteCount(m.wirePayload)} of compressed payload
          {m.wireSize !== null && ` + ${formatByteCount(m.wireSize - m.wirePayload)} of frame headers = ${formatByteCount(m.wireSize)} (the log's Wire)`}
        </dd>
        <dt>Inflated</dt>
        <dd>{formatByteCount(m.size)} (the log's Size)</dd>
        <dt>Deflate ratio</dt>
        <dd>
          {formatRatio(m.size, m.wirePayload)} ({saved >= 0 ? `${(saved * 100).toFixed(0)} % saved` : `${(-saved * 100).toFixed(0)} % larger`})
        </dd>
        <dt>Context takeover</dt>
        <dd>
          {takeover
            ? `in effect: the ${m.sender} reuses its LZ77 window, so repeated content compresses better over time`
            : `off (${m.sender}_no_context_takeover): compressed on its own`}
        </dd>
      </dl>
      <div className="ratio-bars" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (m.wirePayload / Math.max(m.size, m.wirePayload)) * 100)}%` }}>wire</span>
        <span style={{ width: `${Math.min(100, (m.size / Math.max(m.size, m.wirePayload)) * 100)}%` }}>inflated</span>
      </div>
    </>
  )
}

function Negotiation({ deflate, extensions }: { deflate: DeflateParams | null; extensions: string }) {
  if (!deflate)
    return (
      <p className="muted">
        {extensions ? `Extensions: ${extensions} (no permessage-deflate).` : 'No compression negotiated (no Sec-WebSocket-Extensions in the response).'}
      </p>
    )
  return (
    <dl className="facts">
      {extensions && (
        <>
          <dt>Extensions</dt>
          <dd className="mono">{extensions}</dd>
        </>
      )}
      {(['client', 'server'] as const).map((sender) => {
        const p = paramsFor(deflate, sender)
        return (
          <div key={sender} className="facts-row">
            <dt>{sender === 'client' ? 'Client → server' : 'Server → client'}</dt>
            <dd>
              context takeover {p.noContextTakeover ? 'off' : 'in effect'}, window {2 ** p.maxWindowBits / 1024} KiB ({p.maxWindowBits} bits)
            </dd>
          </div>
        )
      })}
    </dl>
  )
}
