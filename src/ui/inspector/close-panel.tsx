import { describeCloseCode, utf8Decode } from '../../protocol/index.ts'
import { whenToUseCloseCode } from '../../learn/index.ts'
import { useConnectionsStore } from '../connection/connections-store.ts'
import type { CloseInfo } from '../connection/socket-protocol.ts'
import { MessageSummary } from './message-summary.tsx'
import { useSelectedMessage, type SelectedMessage } from './use-selected-message.ts'
import './inspector.css'

/** A close explained: code, registry name and meaning, reason, and whether it was clean. */
export function ClosePanel({ id }: { id: string }) {
  const message = useSelectedMessage(id)
  const close = useConnectionsStore((s) => s.byId[id].status.close)
  if (message?.type === 'close') {
    return (
      <div className="detail-panel">
        <MessageSummary message={message} />
        <CloseFrame message={message} />
        {close && message.sender === 'server' && <WasClean close={close} />}
      </div>
    )
  }
  return (
    <div className="detail-panel">
      {close ? (
        <>
          <p>The connection closed (select its close message in the log for the frame):</p>
          <CodeFacts code={close.code} reason={close.reason} />
          <WasClean close={close} />
        </>
      ) : (
        <p className="muted">This connection has not closed. Select a close message in the log, or close it from the Control tab with a code of your choice.</p>
      )}
    </div>
  )
}

function CloseFrame({ message: m }: { message: SelectedMessage }) {
  const reason = m.data.length > 2 ? utf8Decode(m.data.subarray(2)) : ''
  return (
    <>
      <p>
        {m.local
          ? 'Reported by the browser, not received: no Close frame arrived.'
          : `A Close frame ${m.sender === 'client' ? 'sent by this client' : 'from the server'}${m.closeCode === 1005 ? ' with an empty body' : ''}.`}
      </p>
      {m.closeCode !== null && <CodeFacts code={m.closeCode} reason={reason} />}
    </>
  )
}

function CodeFacts({ code, reason }: { code: number; reason: string }) {
  const info = describeCloseCode(code)
  return (
    <dl className="facts close-facts">
      <dt>Code</dt>
      <dd>
        <strong className="close-code">{code}</strong> {info.name}
      </dd>
      <dt>Meaning</dt>
      <dd>{info.meaning}</dd>
      <dt>When to use</dt>
      <dd>{whenToUseCloseCode(code)}</dd>
      <dt>Reason</dt>
      <dd>{reason ? <q>{reason}</q> : <span className="muted">(none)</span>}</dd>
      <dt>On the wire</dt>
      <dd>
        {info.onWire ? 'may be sent in a Close frame' : 'never sent: only reported locally'} ({info.rfc})
      </dd>
    </dl>
  )
}

function WasClean({ close }: { close: CloseInfo }) {
  return (
    <p>
      <strong>wasClean: {String(close.wasClean)}</strong> —{' '}
      {close.wasClean
        ? 'both sides exchanged Close frames and the TCP connection closed after them.'
        : 'the closing handshake did not complete (the connection dropped or was cut).'}
    </p>
  )
}
