import { useState } from 'react'
import { API_ATTRIBUTES, API_EVENTS, API_METHODS } from './api-tables.ts'
import { READY_STATES, useApiDemoStore } from './api-demo-store.ts'
import { ReferenceTable } from './reference-table.tsx'
import { formatCount } from '../components/format.ts'

/** A live socket to /echo, next to the API's tables: the row of what just happened lights up. */
export function ApiDemo() {
  return (
    <div className="columns">
      <div>
        <ApiControls />
        <ApiEventLog />
      </div>
      <ApiTables />
    </div>
  )
}

function ApiControls() {
  const url = useApiDemoStore((s) => s.url)
  const readyState = useApiDemoStore((s) => s.readyState)
  const connect = useApiDemoStore((s) => s.connect)
  const send = useApiDemoStore((s) => s.send)
  const sendLarge = useApiDemoStore((s) => s.sendLarge)
  const close = useApiDemoStore((s) => s.close)
  const [text, setText] = useState('Hello, echo!')
  const open = readyState === 1
  return (
    <div className="api-controls">
      <p>
        <code>const socket = new WebSocket("{url}")</code>
      </p>
      <div className="builder-row">
        <button type="button" className="primary" onClick={connect} disabled={readyState === 0 || open}>
          Connect
        </button>
        <input type="text" aria-label="Message to send" value={text} onChange={(e) => setText(e.target.value)} disabled={!open} />
        <button type="button" onClick={() => send(text)} disabled={!open}>
          send()
        </button>
        <button type="button" onClick={sendLarge} disabled={!open}>
          send(1 MiB)
        </button>
        <button type="button" onClick={() => close(1000, 'done')} disabled={!open}>
          close(1000)
        </button>
      </div>
    </div>
  )
}

function ApiEventLog() {
  const events = useApiDemoStore((s) => s.events)
  if (events.length === 0) return <p className="muted">Connect to see each event as it happens.</p>
  return (
    <table className="api-log" aria-label="Socket events">
      <thead>
        <tr>
          <th>ms</th>
          <th>What</th>
          <th>readyState</th>
          <th>buffered</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={i} className={`api-event-${e.type.replace('()', '-call')}`}>
            <td className="mono">{e.t}</td>
            <td>{e.type}</td>
            <td>
              {e.readyState} {READY_STATES[e.readyState]}
            </td>
            <td className="mono">{formatCount(e.bufferedAmount)}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function ApiTables() {
  const readyState = useApiDemoStore((s) => s.readyState)
  const bufferedAmount = useApiDemoStore((s) => s.bufferedAmount)
  const last = useApiDemoStore((s) => s.events.findLast((e) => !e.type.startsWith('send') && e.type !== 'close()')?.type)
  const live: Record<string, string> = {
    readyState: readyState === null ? '—' : `${readyState} ${READY_STATES[readyState]}`,
    bufferedAmount: formatCount(bufferedAmount),
  }
  return (
    <div className="api-tables">
      <ReferenceTable
        caption="Attributes"
        headers={['Attribute', 'Now', 'Description']}
        rows={API_ATTRIBUTES.map((a) => ({
          key: a.name,
          cells: [
            <span className="mono">socket.{a.name}</span>,
            <span className="mono" data-testid={`api-${a.name}`}>
              {live[a.name]}
            </span>,
            a.description,
          ],
        }))}
      />
      <ReferenceTable
        caption="Events"
        headers={['Event', 'Handler', 'Description']}
        rows={API_EVENTS.map((e) => ({
          key: e.event,
          active: last === e.event,
          cells: [e.event, <span className="mono">socket.{e.handler}</span>, e.description],
        }))}
      />
      <ReferenceTable
        caption="Methods"
        headers={['Method', 'Description']}
        rows={API_METHODS.map((m) => ({ key: m.name, cells: [<span className="mono">socket.{m.name}</span>, m.description] }))}
      />
    </div>
  )
}
