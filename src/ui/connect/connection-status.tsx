import { useEffect, useState } from 'react'
import { useConnectionsStore, type ConnectionStatus } from '../connection/connections-store.ts'

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
      {status.error && (
        <p className="connect-error error" role="alert">
          {status.error}
        </p>
      )}
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
