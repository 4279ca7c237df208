import { useEffect, useState } from 'react'
import { PAYLOAD_KINDS, parseRulesText, rulesJson, type PayloadKindName, type RuleJson } from '../../rules/rules.ts'
import { PayloadDecoderSelect } from '../components/payload-decoder-select.tsx'
import { captures } from '../connection/captures-client.ts'
import { useRulesStore } from '../connection/rules-store.ts'
import { useLastRulesStore, type AppliedRules } from './last-rules-store.ts'

const ANY = [{ value: '', label: 'any' }]

const EXAMPLE = '[\n  { "direction": "client", "match": "\\"price\\":\\\\s*\\\\d+", "replace": "\\"price\\": 0" }\n]'

/**
 * The server's one list of match-and-replace rules (the same format as `wsinspect proxy
 * --rules`), edited as JSON and checked before it is sent; breakpoints are added from a
 * filter: direction, type, a regular expression (text) or hex bytes (binary), and what payload
 * decoding makes of the message (decoder, kind).
 */
export function RulesEditor() {
  const current = useRulesStore((s) => s.rules)
  const [draft, setDraft] = useState<string | null>(null)
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null)
  const [timeout, setTimeoutMs] = useState<number | null>(null)
  const [onTimeout, setOnTimeout] = useState<'forward' | 'drop' | null>(null)
  const shown = draft ?? (current ? JSON.stringify(current.rules, null, 2) : '[]')

  useEffect(() => {
    // The server's list changed (here or in another window): show it unless the user is editing.
    if (draft !== null && current && draft === JSON.stringify(current.rules, null, 2)) setDraft(null)
  }, [current, draft])

  const send = async (
    text: string,
    hold: Omit<AppliedRules, 'rules'> = { ...(timeout !== null && { holdTimeoutMs: timeout }), ...(onTimeout !== null && { holdTimeoutAction: onTimeout }) },
  ) => {
    const parsed = parseRulesText(text)
    if (!parsed.ok) return setStatus({ ok: false, message: `Not applied: ${parsed.error}` })
    const rules = rulesJson(parsed.value)
    const outcome = await captures.command({ type: 'set-rules', rules, ...hold })
    setStatus(outcome)
    if (!outcome.ok) return
    setDraft(null)
    useLastRulesStore.getState().remember({ rules, ...hold })
  }

  return (
    <div className="rules-editor">
      <RestoreOffer serverRules={current?.rules.length ?? null} onRestore={(applied) => void send(JSON.stringify(applied.rules), applied)} />
      <BreakpointForm onAdd={(rule) => void send(JSON.stringify([...safeList(shown), rule]))} />
      <label className="rules-json">
        Rules (JSON)
        <textarea aria-label="Rules (JSON)" value={shown} spellCheck={false} rows={8} placeholder={EXAMPLE} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <div className="control-form">
        <label>
          Hold timeout (ms)
          <input
            type="number"
            min={100}
            step={1000}
            value={timeout ?? current?.holdTimeoutMs ?? 60000}
            onChange={(e) => setTimeoutMs(Number(e.target.value))}
          />
        </label>
        <label>
          On timeout
          <select value={onTimeout ?? current?.holdTimeoutAction ?? 'forward'} onChange={(e) => setOnTimeout(e.target.value as 'forward' | 'drop')}>
            <option value="forward">forward</option>
            <option value="drop">drop</option>
          </select>
        </label>
        <button type="button" onClick={() => void send(shown)}>
          Apply rules
        </button>
      </div>
      {status && (
        <p className={`control-result ${status.ok ? 'ok' : 'error'}`} role={status.ok ? 'status' : 'alert'}>
          {status.message}
        </p>
      )}
    </div>
  )
}

/** When the server has no rules (it was restarted) and this browser applied some: offer them back. */
function RestoreOffer({ serverRules, onRestore }: { serverRules: number | null; onRestore: (applied: AppliedRules) => void }) {
  const applied = useLastRulesStore((s) => s.applied)
  if (serverRules !== 0 || !applied?.rules.length) return null
  const n = applied.rules.length
  return (
    <p className="rules-restore">
      The server has no rules; the last {n === 1 ? 'rule' : `${n} rules`} applied from this browser can be restored.{' '}
      <button type="button" onClick={() => onRestore(applied)}>
        Restore {n === 1 ? '1 rule' : `${n} rules`}
      </button>
    </p>
  )
}

function safeList(text: string): unknown[] {
  try {
    const list = JSON.parse(text)
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

/** A break rule from a filter. */
function BreakpointForm({ onAdd }: { onAdd: (rule: RuleJson) => void }) {
  const [direction, setDirection] = useState<RuleJson['direction']>('both')
  const [type, setType] = useState<'text' | 'binary'>('text')
  const [pattern, setPattern] = useState('')
  const [decoder, setDecoder] = useState('')
  const [kind, setKind] = useState<PayloadKindName | ''>('')
  const meaning = { ...(decoder && { decoder }), ...(kind && { kind }) }
  // With a decoder or kind and no pattern, the breakpoint takes any such message, text or binary.
  const match = (): RuleJson['match'] =>
    type === 'binary' ? (pattern || !(decoder || kind) ? { hex: pattern } : undefined) : pattern || (decoder || kind ? undefined : '^')
  return (
    <form
      className="control-form"
      aria-label="Add a breakpoint"
      onSubmit={(e) => {
        e.preventDefault()
        const m = match()
        onAdd({ direction, ...(m !== undefined && { match: m }), ...meaning, action: 'break' })
        setPattern('')
      }}
    >
      <label>
        Direction
        <select value={direction} onChange={(e) => setDirection(e.target.value as RuleJson['direction'])}>
          <option value="both">both</option>
          <option value="client">client → server</option>
          <option value="server">server → client</option>
        </select>
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value as 'text' | 'binary')}>
          <option value="text">text (regex)</option>
          <option value="binary">binary (hex)</option>
        </select>
      </label>
      <label>
        Decoder
        <PayloadDecoderSelect label="Decoder" value={decoder} onChange={setDecoder} leading={ANY} />
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as PayloadKindName | '')}>
          <option value="">any</option>
          {PAYLOAD_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        Match
        <input value={pattern} placeholder={type === 'text' ? '"type":"order"' : 'de ad be ef'} onChange={(e) => setPattern(e.target.value)} />
      </label>
      <button type="submit">Add breakpoint</button>
    </form>
  )
}
