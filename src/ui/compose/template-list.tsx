import { useState } from 'react'
import { useTemplatesStore } from './templates-store.ts'
import { useComposeStore } from './compose-store.ts'
import type { DraftFormat } from './draft-payload.ts'
import { PROTOCOL_TEMPLATES } from './protocol-templates.ts'

function load(format: DraftFormat, body: string): void {
  const compose = useComposeStore.getState()
  compose.setFormat(format)
  compose.setBody(body)
}

/** Saved drafts: click one to load it; save the current draft under a name. */
export function TemplateList() {
  const templates = useTemplatesStore((s) => s.templates)
  const { save, remove } = useTemplatesStore.getState()
  const [name, setName] = useState('')
  const saveDraft = () => {
    const { format, bodies } = useComposeStore.getState()
    if (name.trim()) save({ name: name.trim(), format, body: bodies[format] })
    setName('')
  }
  return (
    <div className="templates">
      <h3 id="templates-heading">Templates</h3>
      <select
        aria-label="Protocol template"
        value=""
        onChange={(e) => {
          const t = PROTOCOL_TEMPLATES[Number(e.target.value)]
          if (t) load(t.format, t.body)
        }}
      >
        <option value="">Protocol template…</option>
        {PROTOCOL_TEMPLATES.map((t, i) => (
          <option key={t.name} value={i}>
            {t.name}
          </option>
        ))}
      </select>
      <ul aria-labelledby="templates-heading">
        {templates.length === 0 && <li className="muted">None saved yet.</li>}
        {templates.map((t) => (
          <li key={t.id}>
            <button type="button" className="template-load" title={`Load (${t.format})`} onClick={() => load(t.format, t.body)}>
              {t.name}
            </button>
            <button type="button" className="template-delete" aria-label={`Delete template ${t.name}`} onClick={() => remove(t.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="template-save"
        onSubmit={(e) => {
          e.preventDefault()
          saveDraft()
        }}
      >
        <input aria-label="Template name" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!name.trim()}>
          Save
        </button>
      </form>
    </div>
  )
}
