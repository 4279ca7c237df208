import { headerValues, WEBSOCKET_GUID } from '../../protocol/index.ts'
import { useAcceptStore } from './accept-store.ts'
import { useHandshakeStore } from './handshake-store.ts'

/** Sec-WebSocket-Accept step by step, for any key; the pasted request's key is one click away. */
export function AcceptCalculator() {
  const key = useAcceptStore((s) => s.key)
  const steps = useAcceptStore((s) => s.steps)
  const keyValid = useAcceptStore((s) => s.keyValid)
  const setKey = useAcceptStore((s) => s.setKey)
  const randomKey = useAcceptStore((s) => s.randomKey)
  const pastedKey = useHandshakeStore((s) => (s.report.request ? (headerValues(s.report.request.headers, 'Sec-WebSocket-Key')[0] ?? null) : null))
  const pastedAccept = useHandshakeStore((s) => (s.report.response ? (headerValues(s.report.response.headers, 'Sec-WebSocket-Accept')[0] ?? null) : null))
  return (
    <section className="accept-calculator" aria-labelledby="accept-calculator">
      <h2 id="accept-calculator">Sec-WebSocket-Accept calculator</h2>
      <div className="accept-controls">
        <label className="field field-wide">
          Sec-WebSocket-Key
          <input type="text" value={key} spellCheck={false} onChange={(e) => setKey(e.target.value)} aria-invalid={!keyValid} />
        </label>
        <button type="button" onClick={randomKey}>
          Random key
        </button>
        {pastedKey && (
          <button type="button" onClick={() => setKey(pastedKey)}>
            Key from the paste
          </button>
        )}
      </div>
      {!keyValid && (
        <p className="warn">A client’s key must be base64 of 16 random bytes (24 characters ending in “==”); the server computes the answer all the same.</p>
      )}
      <ol className="accept-steps">
        <li>
          <span className="step-name">Key, as sent (white space trimmed)</span>
          <code data-testid="accept-key">{steps.key}</code>
        </li>
        <li>
          <span className="step-name">Key + the GUID {WEBSOCKET_GUID} (the key is not base64-decoded)</span>
          <code data-testid="accept-concatenated">{steps.concatenated}</code>
        </li>
        <li>
          <span className="step-name">SHA-1 of those characters, 20 bytes (hex)</span>
          <code data-testid="accept-sha1">{steps.sha1Hex}</code>
        </li>
        <li>
          <span className="step-name">base64 of the 20 bytes: Sec-WebSocket-Accept</span>
          <code data-testid="accept-value">{steps.accept}</code>
          {pastedAccept && steps.key === pastedKey?.trim() && (
            <span className={pastedAccept.trim() === steps.accept ? 'ok' : 'error'}>
              {pastedAccept.trim() === steps.accept ? ' — matches the pasted response' : ` — the pasted response says ${pastedAccept}`}
            </span>
          )}
        </li>
      </ol>
    </section>
  )
}
