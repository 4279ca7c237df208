import { useState } from 'react'
import { describeCloseCode, PROTOCOL_CLOSE_CODES } from '../../protocol/index.ts'

/** Codes offered in the list: the registry's, then the first of each application range. */
const OFFERED = [...PROTOCOL_CLOSE_CODES, 3000, 4000]

interface CloseControlProps {
  /** Sends the close; resolves with why it could not, or null. */
  onClose: (code: number, reason: string) => Promise<string | null>
  /** Whether a code can be sent this way (a page's WebSocket only allows some). */
  allowed: (code: number) => boolean
  disabled: boolean
}

/** Close with a chosen code (the registry's meanings alongside) and reason. */
export function CloseControl({ onClose, allowed, disabled }: CloseControlProps) {
  const [code, setCode] = useState(1000)
  const [reason, setReason] = useState('')
  const [result, setResult] = useState<string | null>(null)
  const info = describeCloseCode(code)
  return (
    <form
      className="control-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setResult(await onClose(code, reason))
      }}
    >
      <label>
        Code
        <select value={OFFERED.includes(code) ? code : ''} onChange={(e) => setCode(Number(e.target.value))}>
          {OFFERED.map((c) => (
            <option key={c} value={c} disabled={!allowed(c)}>
              {c} {describeCloseCode(c).name}
            </option>
          ))}
          {!OFFERED.includes(code) && <option value="">{code} (custom)</option>}
        </select>
      </label>
      <label>
        or any
        <input type="number" aria-label="Close code" min={0} max={65535} value={code} onChange={(e) => setCode(Number(e.target.value))} />
      </label>
      <label className="grow">
        Reason
        <input value={reason} maxLength={123} onChange={(e) => setReason(e.target.value)} placeholder="optional, up to 123 bytes" />
      </label>
      <button type="submit" disabled={disabled}>
        Close
      </button>
      <p className="control-help">
        <strong>
          {code} {info.name}:
        </strong>{' '}
        {info.meaning} {!info.onWire && <span className="warn">Never valid in a Close frame: a conforming peer answers with 1002.</span>}
        {!allowed(code) && <span className="warn"> A page's WebSocket cannot send it; the tap can.</span>}
      </p>
      {result && (
        <p className="error control-result" role="alert">
          {result}
        </p>
      )}
    </form>
  )
}
