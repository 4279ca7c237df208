import { CodeEditor } from '../components/code-editor.tsx'
import { formatCount } from '../components/format.ts'
import { SegmentedControl, type SegmentedOption } from '../components/segmented-control.tsx'
import { useConnectionsStore } from '../connection/connections-store.ts'
import { useLayoutStore } from '../app/layout-store.ts'
import { useComposeStore } from './compose-store.ts'
import { formatJson, JSON_BODIES, jsonProblem, type DraftFormat } from './draft-payload.ts'
import { RepeatControls } from './repeat-controls.tsx'
import { sendOnce } from './send-repeater.ts'
import { TemplateList } from './template-list.tsx'
import './compose.css'

const FORMAT_OPTIONS: SegmentedOption<DraftFormat>[] = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'binary', label: 'Binary (hex)' },
  { value: 'msgpack', label: 'MessagePack' },
  { value: 'cbor', label: 'CBOR' },
]

/** Write a text, JSON or binary message and send it (Ctrl/Cmd+Enter), once or repeatedly. */
export function ComposePanel({ id }: { id: string }) {
  const format = useComposeStore((s) => s.format)
  const open = useConnectionsStore((s) => s.byId[id].status.phase === 'open')
  const collapsed = useLayoutStore((s) => s.composerCollapsed)
  const { setFormat } = useComposeStore.getState()
  if (collapsed) {
    return (
      <section className="compose collapsed" aria-label="Compose">
        <ComposerToggle expanded={false} />
      </section>
    )
  }
  return (
    <section className="compose" aria-label="Compose">
      <div className="compose-bar">
        <ComposerToggle expanded />
        <SegmentedControl label="Message format" options={FORMAT_OPTIONS} value={format} onChange={setFormat} />
        {format === 'json' && <FormatJsonButton />}
        <RepeatControls id={id} disabled={!open} />
        <button type="button" className="primary" disabled={!open} onClick={() => sendOnce(id)} title="Ctrl/Cmd+Enter">
          Send
        </button>
      </div>
      <div className="compose-body">
        <DraftEditor id={id} />
        <TemplateList />
      </div>
      <ComposeStatus />
    </section>
  )
}

/** Folds the compose box away while only monitoring (the log gets its room), and back. */
function ComposerToggle({ expanded }: { expanded: boolean }) {
  return (
    <button
      type="button"
      className="composer-toggle"
      aria-label="Composer"
      aria-expanded={expanded}
      title={expanded ? 'Hide the compose box (only monitoring)' : 'Show the compose box'}
      onClick={() => useLayoutStore.getState().setComposerCollapsed(expanded)}
    >
      {expanded ? '▾' : '▸ Composer'}
    </button>
  )
}

function DraftEditor({ id }: { id: string }) {
  const format = useComposeStore((s) => s.format)
  const body = useComposeStore((s) => s.bodies[s.format])
  const { setBody } = useComposeStore.getState()
  if (format === 'binary') {
    return (
      <textarea
        className="hex-input"
        aria-label="Message"
        spellCheck={false}
        value={body}
        placeholder="81 85 37 fa… or 0x81, 0x85… or an xxd dump"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            sendOnce(id)
          }
        }}
      />
    )
  }
  return (
    <div className="compose-editor">
      <CodeEditor
        value={body}
        onChange={setBody}
        language={JSON_BODIES.includes(format) ? 'json' : 'plaintext'}
        ariaLabel="Message"
        height="100%"
        onSubmit={() => sendOnce(id)}
      />
    </div>
  )
}

function FormatJsonButton() {
  const body = useComposeStore((s) => s.bodies.json)
  const formatted = formatJson(body)
  return (
    <button type="button" disabled={formatted === null} onClick={() => formatted !== null && useComposeStore.getState().setBody(formatted)}>
      Format
    </button>
  )
}

function ComposeStatus() {
  const problem = useComposeStore((s) => s.problem)
  const jsonError = useComposeStore((s) => (JSON_BODIES.includes(s.format) ? jsonProblem(s.bodies[s.format]) : null))
  const repeat = useComposeStore((s) => s.repeat)
  const text = problem ?? jsonError
  return (
    <p className={`compose-status ${text ? 'error' : 'muted'}`} role="status">
      {text ??
        (repeat
          ? `Repeating: ${formatCount(repeat.sent)}${repeat.total ? ` of ${formatCount(repeat.total)}` : ''} sent`
          : 'Ctrl/Cmd+Enter sends · Esc then Tab leaves the editor')}
    </p>
  )
}
