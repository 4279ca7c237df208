import { useMemo } from 'react'
import { CodeEditor } from '../components/code-editor.tsx'
import type { EditorHighlight } from '../components/monaco/code-editor-props.ts'
import { useDecoderInputStore } from './decoder-input-store.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { useDecoderSelectionStore } from './decoder-selection-store.ts'
import { editorHighlights } from './result-views.ts'
import { SYNC_LIMIT } from './decoder-runner.ts'

/** The paste itself, with every finding (and a bad input) marked where it is in the text. */
export function BytesEditor() {
  const text = useDecoderInputStore((s) => s.text)
  const setText = useDecoderInputStore((s) => s.setText)
  const output = useDecoderResultStore((s) => s.output)
  const finding = useDecoderSelectionStore((s) => s.finding)
  const highlights: EditorHighlight[] = useMemo(() => (output ? editorHighlights(output) : []), [output])
  const reveal = finding !== null ? (output?.findings[finding]?.range ?? null) : null
  return <CodeEditor value={text} onChange={setText} ariaLabel="Bytes" height={260} wrap={text.length <= SYNC_LIMIT} highlights={highlights} reveal={reveal} />
}
