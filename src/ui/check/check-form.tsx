import { useState, type FormEvent } from 'react'
import { SECTION_TITLES } from '../../check/section-titles.ts'

export interface CheckRequest {
  url: string
  sections: string[]
  full: boolean
}

interface CheckFormProps {
  running: boolean
  onRun: (request: CheckRequest) => void
  onCancel: () => void
}

/** What to check: the server's URL and which sections. */
export function CheckForm({ running, onRun, onCancel }: CheckFormProps) {
  const [url, setUrl] = useState(() => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/echo`)
  const [sections, setSections] = useState<string[]>(() => SECTION_TITLES.map((s) => s.id).filter((id) => id !== '9' && id !== '12' && id !== '13'))
  const [full, setFull] = useState(false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!running && sections.length) onRun({ url: url.trim(), sections, full })
  }
  const toggle = (id: string) =>
    setSections((s) => (s.includes(id) ? s.filter((x) => x !== id) : SECTION_TITLES.map((t) => t.id).filter((x) => x === id || s.includes(x))))
  return (
    <form className="check-form" onSubmit={submit}>
      <label className="check-url">
        URL
        <input type="text" value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} placeholder="ws://host:port/path of an echo server" />
      </label>
      <fieldset className="check-sections">
        <legend>Sections</legend>
        {SECTION_TITLES.map((s) => (
          <label key={s.id}>
            <input type="checkbox" checked={sections.includes(s.id)} onChange={() => toggle(s.id)} /> {s.id} {s.title}
          </label>
        ))}
        <span className="check-section-actions">
          <button type="button" onClick={() => setSections(SECTION_TITLES.map((s) => s.id))}>
            All
          </button>
          <button type="button" onClick={() => setSections([])}>
            None
          </button>
        </span>
      </fieldset>
      <label>
        <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Autobahn’s full sizes in sections 9, 12 and 13 (slow)
      </label>
      <div className="check-actions">
        {running ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" disabled={sections.length === 0}>
            Run check
          </button>
        )}
      </div>
    </form>
  )
}
