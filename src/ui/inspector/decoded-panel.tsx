import { useState } from 'react'
import type { JsonValue, PayloadResult } from '../../payload/index.ts'
import { PayloadDecoderSelect } from '../components/payload-decoder-select.tsx'
import type { PayloadChoice } from '../connection/connection.ts'
import { connections } from '../connection/connections.ts'
import { choosePayload, usePayloadChoice, usePayloadError } from '../connection/payload-choice.ts'
import { useLog } from '../connection/use-connection.ts'
import type { PayloadColumn } from '../store/payload-column.ts'
import { formatByteCount, formatCount, formatDuration } from '../components/format.ts'
import { MessagePanel } from './message-panel.tsx'
import './decoded.css'

/**
 * The selected message as its application protocol reads: every layer applied, the value as a
 * tree (binary leaves as hex), the errors with their offsets, and the message that answers it
 * (or that it answers). The connection's decoding choice and .proto are set here too.
 */
export function DecodedPanel({ id }: { id: string }) {
  // New messages and a new decoding choice publish the log: the panel reads the decoding again.
  useLog(id)
  return (
    <div className="decoded-panel">
      <PayloadChoiceForm id={id} />
      <MessagePanel id={id}>{(message) => <Decoded id={id} index={message.index} />}</MessagePanel>
    </div>
  )
}

function Decoded({ id, index }: { id: string; index: number }) {
  const connection = connections.get(id)
  if (!connection) return null
  const { decoded } = connection
  const { result, alone } = connection.payloadLog().read(index, decoded.ready(index) ? decoded.decoder(index) : undefined)
  return (
    <section aria-label="Decoded payload">
      <dl className="decoded-facts">
        <dt>Protocol</dt>
        <dd>{result.decoder ?? 'not decoded'}</dd>
        <dt>Layers</dt>
        <dd>{result.layers.length ? result.layers.join(' › ') : '—'}</dd>
        <dt>Kind</dt>
        <dd>{result.kind}</dd>
        <dt>Summary</dt>
        <dd>{result.summary}</dd>
        {result.correlation !== null && (
          <>
            <dt>Correlation</dt>
            <dd>
              {result.correlation} <Partner id={id} index={index} decoded={connection.decoded} />
            </dd>
          </>
        )}
      </dl>
      {alone && (
        <p className="muted">
          Decoded on its own (far from the messages decoded in order): a layer that carries state from message to message, such as a zlib stream or Socket.IO
          attachments, may not read it.
        </p>
      )}
      <Errors result={result} />
      <h4>Value</h4>
      <ul role="tree" aria-label="Decoded value" className="decoded-tree">
        <TreeNode name={null} value={result.value} depth={0} />
      </ul>
    </section>
  )
}

/** From the log's decoding (every message, in the payload worker): the answer may be far below. */
function Partner({ id, index, decoded }: { id: string; index: number; decoded: PayloadColumn }) {
  if (!decoded.ready(index)) return null
  const partner = decoded.partner(index)
  if (partner === null) return decoded.asks(index) ? <span className="payload-unanswered">no answer yet</span> : null
  const messages = decoded.store
  const latency = Math.abs(messages.time(partner) - messages.time(index))
  const isAnswer = partner > index
  return (
    <button type="button" className="link" onClick={() => connections.get(id)?.select(partner)}>
      {isAnswer ? 'Go to answer' : 'Go to request'} #{formatCount(partner + 1)} ({isAnswer ? '+' : '−'}
      {formatDuration(latency)})
    </button>
  )
}

function Errors({ result }: { result: PayloadResult }) {
  if (!result.errors.length) return null
  return (
    <ul className="decoded-errors" aria-label="Decoding errors">
      {result.errors.map((e, i) => (
        <li key={i} className="error">
          at offset {e.offset}: {e.message}
        </li>
      ))}
    </ul>
  )
}

const OPEN_DEPTH = 3
const MAX_CHILDREN = 500

/** One node of the value: objects and arrays expand; `$binary` leaves show their hex. */
function TreeNode({ name, value, depth }: { name: string | null; value: JsonValue; depth: number }) {
  const label = name === null ? null : <span className="tree-key">{name}: </span>
  if (value === null || typeof value !== 'object' || isLeafWrapper(value)) {
    return (
      <li role="treeitem" aria-selected={false}>
        {label}
        <span className={`tree-value tree-${leafType(value)}`}>{leafText(value)}</span>
      </li>
    )
  }
  const entries: [string, JsonValue][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value)
  const head = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`
  return (
    <li role="treeitem" aria-selected={false} aria-expanded={depth < OPEN_DEPTH}>
      <details open={depth < OPEN_DEPTH}>
        <summary>
          {label}
          <span className="muted">{head}</span>
        </summary>
        <ul role="group">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <TreeNode key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > MAX_CHILDREN && <li className="muted">… {formatCount(entries.length - MAX_CHILDREN)} more</li>}
        </ul>
      </details>
    </li>
  )
}

function isLeafWrapper(v: object): boolean {
  return !Array.isArray(v) && ('$binary' in v || '$bigint' in v || '$oid' in v) && Object.keys(v).length === 1
}

function leafType(v: JsonValue): string {
  if (v === null) return 'null'
  if (typeof v === 'object') return Object.keys(v)[0].slice(1)
  return typeof v
}

function leafText(v: JsonValue): string {
  if (v !== null && typeof v === 'object') {
    const [k, inner] = Object.entries(v)[0]
    return k === '$binary'
      ? `${String(inner).replace(/(..)(?!$)/g, '$1 ')} (${formatByteCount(String(inner).length / 2)})`
      : `${String(inner)}${k === '$bigint' ? 'n' : ''}`
  }
  return JSON.stringify(v)
}

/** The connection's decoding: automatic, off, or one decoder; and a .proto for protobuf. */
function PayloadChoiceForm({ id }: { id: string }) {
  const choice = usePayloadChoice(id)
  const error = usePayloadError(id)
  const [draft, setDraft] = useState<PayloadChoice>(choice)
  const [open, setOpen] = useState(false)
  const apply = (next: PayloadChoice) => {
    setDraft(next)
    choosePayload(id, next)
  }
  return (
    <div className="payload-choice">
      <label>
        Payload decoder <PayloadDecoderSelect value={choice.decoder} onChange={(decoder) => apply({ ...draft, decoder })} />
      </label>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        .proto schema…
      </button>
      {open && (
        <form
          className="proto-form"
          onSubmit={(e) => {
            e.preventDefault()
            apply(draft)
          }}
        >
          <textarea
            aria-label=".proto file"
            rows={6}
            spellCheck={false}
            value={draft.protoSource}
            onChange={(e) => setDraft({ ...draft, protoSource: e.target.value })}
            placeholder={'syntax = "proto3";\nmessage Price { string symbol = 1; }'}
          />
          <input
            aria-label="Message type"
            placeholder="package.Message"
            value={draft.protoType}
            onChange={(e) => setDraft({ ...draft, protoType: e.target.value })}
          />
          <button type="submit">Use schema</button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  )
}
