import { useMemo, useState } from 'react'
import { utf8Decode, isValidUtf8 } from '../../protocol/index.ts'
import { CodeEditor } from './code-editor.tsx'
import { formatByteCount } from './format.ts'
import { HexDump } from './hex-dump.tsx'
import type { SearchQuery } from '../store/text-matches.ts'

type View = 'json' | 'text' | 'hex'

interface PayloadViewProps {
  data: Uint8Array
  /** Text messages open as JSON (when they parse) or text; binary opens as hex. */
  binary: boolean
  ariaLabel?: string
  height?: number
  /** Text to mark as found in the JSON and text views. */
  search?: SearchQuery | null
}

/** Pretty-printed JSON when the text parses, else null. */
export function prettyJson(text: string): string | null {
  const t = text.trim()
  if (!t || !'{["'.includes(t[0])) return null
  try {
    return JSON.stringify(JSON.parse(t), null, 2)
  } catch {
    return null
  }
}

/**
 * A payload in the views that make sense for it: JSON (pretty-printed), text, and a hex dump.
 * Untrusted data only ever reaches Monaco or the hex dump as text, never as HTML.
 */
export function PayloadView({ data, binary, ariaLabel = 'Payload', height = 260, search }: PayloadViewProps) {
  const text = useMemo(() => (isValidUtf8(data) ? utf8Decode(data) : null), [data])
  const json = useMemo(() => (text === null ? null : prettyJson(text)), [text])
  const views: View[] = [...(json !== null ? (['json'] as const) : []), ...(text !== null ? (['text'] as const) : []), 'hex']
  const preferred: View = binary || text === null ? 'hex' : json !== null ? 'json' : 'text'
  const [chosen, setChosen] = useState<View | null>(null)
  const view = chosen && views.includes(chosen) ? chosen : preferred
  return (
    <div className="payload-view">
      <div className="segmented" role="tablist" aria-label="Payload view">
        {views.map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} onClick={() => setChosen(v)}>
            {v === 'json' ? 'JSON' : v === 'text' ? 'Text' : 'Hex'}
          </button>
        ))}
        <span className="muted">{formatByteCount(data.length)}</span>
      </div>
      {view === 'hex' ? (
        <HexDump bytes={data} ariaLabel={`${ariaLabel} (hex)`} maxRows={Math.floor(height / 19)} />
      ) : (
        <CodeEditor
          value={view === 'json' ? json! : text!}
          language={view === 'json' ? 'json' : 'plaintext'}
          readOnly
          ariaLabel={ariaLabel}
          height={height}
          search={search}
        />
      )}
    </div>
  )
}
