import { useEffect, useState } from 'react'
import { parseRulesText, rulesJson, type RuleJson } from '../../rules/rules.ts'
import { captures } from '../connection/captures-client.ts'
import { useRulesStore } from '../connection/rules-store.ts'

const EXAMPLE = '[\n  { "direction": "client", "match": "\\"price\\":\\\\s*\\\\d+", "replace": "\\"price\\": 0" }\n]'

/**
 * The server's one list of match-and-replace rules (the same format as `wsinspect proxy
 * --rules`), edited as JSON and checked before it is sent; breakpoints are added from a
 * filter: direction, type, and a regular expression (text) or hex bytes (binary).
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

  const send = async (text: string) => {
    const parsed = parseRulesText(text)
    if (!parsed.ok) return setStatus({ ok: false, message: `Not applied: ${parsed.error}` })
    const rules = rulesJson(parsed.value)
    const outcome = await captures.command({
      type: 'set-rules',
      rules,
      ...(timeout !== null && { holdTimeoutMs: timeout }),
      ...(onTimeout !== null && { holdTimeoutAction: onTimeout }),
    })
    setStatus(outcome)
    if (outcome.ok) setDraft(null)
  }

  return (
    <div className="rules-editor">
      <BreakpointForm onAdd={(rule) => void send(JSON.stringify([...safeList(shown), rule]))} />
      <label className="rules-json">
        Rules (JSON)
        <textarea aria-label="Rules (JSON)" value={shown} spellCheck={false} rows={8} placeholder={EXAMPLE} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <div className="control-form">
        <label>
          Hold timeout (ms)
          <input type="number" min={100} step={1000} value={timeout ?? current?.holdTimeoutMs ?? 60000} onChange={(e) => setTimeoutMs(Number(e.target.value))} />
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
  return (
    <form
      className="control-form"
      aria-label="Add a breakpoint"
      onSubmit={(e) => {
        e.preventDefault()
        onAdd({ direction, match: type === 'binary' ? { hex: pattern } : pattern || '^', action: 'break' })
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
      <label className="grow">
        Match
        <input value={pattern} placeholder={type === 'text' ? '"type":"order"' : 'de ad be ef'} onChange={(e) => setPattern(e.target.value)} />
      </label>
      <button type="submit">Add breakpoint</button>
    </form>
  )
}
