import { useEffect, useState } from 'react'
import { useConnectionsStore, type ConnectionStatus } from '../connection/connections-store.ts'
import { useConnectionView } from '../connection/use-connection.ts'

const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']

/** readyState, what the socket negotiated, the reconnect countdown and the last error, in words. */
export function ConnectionStatusLine({ id }: { id: string }) {
  const status = useConnectionsStore((s) => s.byId[id].status)
  return (
    <div className="connect-status">
      <span className={`ready-state ready-${status.readyState ?? 'none'}`} role="status">
        {status.readyState === null ? 'Not connected' : `${READY_STATES[status.readyState]} (${status.readyState})`}
      </span>
      <Details status={status} />
      {status.tapped && <FeedLosses id={id} />}
      {status.error && <Banner text={status.error} />}
    </div>
  )
}

function Details({ status }: { status: ConnectionStatus }) {
  if (status.phase === 'waiting' && status.reconnect) return <Countdown attempt={status.reconnect.attempt} at={status.reconnect.at} />
  if (status.phase !== 'open') return null
  return (
    <span className="muted">
      {status.url}
      {status.tapped ? ' through the tap' : ''} · subprotocol: {status.protocol || 'none'} · extensions: {status.extensions || 'none'}
    </span>
  )
}

/** What the tap's feed could not deliver to this tab: never hidden, so a gap in the log is explained. */
function FeedLosses({ id }: { id: string }) {
  const dropped = useConnectionView(id, (v) => v.tap.dropped)
  const notKept = useConnectionView(id, (v) => v.tap.notKept)
  if (!dropped && !notKept) return null
  return (
    <span className="warn" role="status" aria-label="Capture events lost">
      {dropped > 0 && `${dropped.toLocaleString('en-US')} capture events dropped (the app read too slowly)`}
      {dropped > 0 && notKept > 0 && ' · '}
      {notKept > 0 && `${notKept.toLocaleString('en-US')} events from before this tab subscribed not kept`}
    </span>
  )
}

function Countdown({ attempt, at }: { attempt: number; at: number }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [])
  return (
    <span className="muted">
      reconnecting in {Math.max(0, (at - now) / 1000).toFixed(1)} s (attempt {attempt})
    </span>
  )
}

/** One line; what follows the message's first line break opens on demand. */
function Banner({ text }: { text: string }) {
  const cut = text.indexOf('\n')
  if (cut < 0) {
    return (
      <p className="connect-error error" role="alert">
        {text}
      </p>
    )
  }
  return (
    <div className="connect-error error" role="alert">
      <details className="banner-details">
        <summary>{text.slice(0, cut)}</summary>
        <p>{text.slice(cut + 1)}</p>
      </details>
    </div>
  )
}
