import { useState } from 'react'
import { encodeBase64, utf8Encode } from '../../protocol/index.ts'
import type { Sender } from '../../shared/capture-api.ts'
import { formatClock, formatDuration } from '../components/format.ts'
import { engine } from '../connection/app-engine.ts'
import { useConnectionView } from '../connection/use-connection.ts'

const SHOWN = 6

/** A Ping from the tap, with a payload, to either peer; the Pongs' round-trip times below. */
export function PingControl({ id, disabled }: { id: string; disabled: boolean }) {
  const [payload, setPayload] = useState('ping')
  const [to, setTo] = useState<Sender>('server')
  const pongs = useConnectionView(id, (v) => v.tap.pongs)
  const tooLong = utf8Encode(payload).length > 125
  return (
    <>
      <form
        className="control-form"
        onSubmit={(e) => {
          e.preventDefault()
          void engine.tapCommand(id, { type: 'ping', to, payload: encodeBase64(utf8Encode(payload)) })
        }}
      >
        <label className="grow">
          Payload
          <input value={payload} onChange={(e) => setPayload(e.target.value)} aria-invalid={tooLong} />
        </label>
        <ToSelect value={to} onChange={setTo} />
        <button type="submit" disabled={disabled || tooLong}>
          Ping
        </button>
        {tooLong && <p className="control-help error">A control frame's payload holds at most 125 bytes.</p>}
      </form>
      {pongs?.length ? (
        <table className="rtt-table" aria-label="Ping round trips">
          <thead>
            <tr>
              <th scope="col">Pong at</th>
              <th scope="col">from</th>
              <th scope="col">payload</th>
              <th scope="col">round trip</th>
            </tr>
          </thead>
          <tbody>
            {pongs.slice(-SHOWN).map((p) => (
              <tr key={p.t}>
                <td className="mono">{formatClock(p.t)}</td>
                <td>{p.from}</td>
                <td className="mono">{p.payloadHex}</td>
                <td className="mono">{formatDuration(p.rttMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No Pong yet.</p>
      )}
    </>
  )
}

/** Which peer the tap's frame goes to. */
export function ToSelect({ value, onChange }: { value: Sender; onChange: (to: Sender) => void }) {
  return (
    <label>
      to
      <select value={value} onChange={(e) => onChange(e.target.value as Sender)}>
        <option value="server">the server</option>
        <option value="client">this page</option>
      </select>
    </label>
  )
}
