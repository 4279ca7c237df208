/** The code editor itself; only ever loaded through React.lazy (see ../code-editor.tsx). */
import { useEffect, useRef, useState } from 'react'
import Editor, { type OnMount } from '@monaco-editor/react'
import { useThemeStore } from '../../app/theme-store.ts'
import type { CodeEditorProps, EditorHighlight } from './code-editor-props.ts'
import { monaco } from './monaco-setup.ts'
import { useSearchMarks } from './use-search-marks.ts'
import './monaco-highlights.css'

export default function MonacoEditor({
  value,
  onChange,
  language = 'plaintext',
  readOnly = false,
  ariaLabel,
  height = 240,
  onSubmit,
  onEditor,
  highlights,
  reveal,
  search,
  wrap = true,
}: CodeEditorProps) {
  const theme = useThemeStore((s) => s.theme)
  const [instance, setInstance] = useState<monaco.editor.IStandaloneCodeEditor | null>(null)
  // The command is registered once, at mount: it calls the latest onSubmit, not the first one.
  const submit = useRef(onSubmit)
  submit.current = onSubmit
  const onMount: OnMount = (editor) => {
    if (onSubmit) editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current?.())
    if (!readOnly) escapeThenTab(editor)
    setInstance(editor)
    onEditor?.(editor)
  }
  useHighlights(instance, highlights)
  useSearchMarks(instance, search, value)
  useEffect(() => {
    const model = instance?.getModel()
    if (!instance || !model || !reveal) return
    const range = monaco.Range.fromPositions(model.getPositionAt(reveal.start), model.getPositionAt(reveal.end))
    instance.setSelection(range)
    instance.revealRangeInCenterIfOutsideViewport(range)
  }, [instance, reveal])
  return (
    <Editor
      value={value}
      language={language}
      height={height}
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      onChange={(v) => onChange?.(v ?? '')}
      onMount={onMount}
      options={{
        readOnly,
        ariaLabel,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: wrap ? 'on' : 'off',
        fontSize: 13,
        automaticLayout: true,
        renderLineHighlight: readOnly ? 'none' : 'line',
        tabSize: 2,
        // Nothing to indent in a read-only view: Tab moves on to the next control.
        tabFocusMode: readOnly,
      }}
    />
  )
}

/**
 * Escape, then Tab (or Shift+Tab), leaves an editable editor, as in VS Code's tab-focus mode:
 * Escape turns the mode on, and any other key (or leaving) turns it off again, so Tab indents
 * as usual otherwise.
 */
function escapeThenTab(editor: monaco.editor.IStandaloneCodeEditor): void {
  let escaped = false
  const set = (on: boolean) => {
    if (escaped === on) return
    escaped = on
    editor.updateOptions({ tabFocusMode: on })
  }
  editor.onKeyDown((e) => {
    if (e.keyCode === monaco.KeyCode.Escape) set(true)
    else if (e.keyCode !== monaco.KeyCode.Tab && e.keyCode !== monaco.KeyCode.Shift) set(false)
  })
  editor.onDidBlurEditorText(() => set(false))
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info }

/** Markers (squiggles, hover text) and tinted backgrounds for the highlights, replaced as they change. */
function useHighlights(editor: monaco.editor.IStandaloneCodeEditor | null, highlights: EditorHighlight[] | undefined): void {
  useEffect(() => {
    const model = editor?.getModel()
    if (!editor || !model) return
    const ranges = (highlights ?? []).map((h) => ({
      h,
      range: monaco.Range.fromPositions(model.getPositionAt(h.start), model.getPositionAt(Math.max(h.end, h.start + 1))),
    }))
    monaco.editor.setModelMarkers(
      model,
      'wsinspect',
      ranges.map(({ h, range }) => ({ ...range, severity: SEVERITY[h.severity], message: h.message })),
    )
    const decorations = editor.createDecorationsCollection(ranges.map(({ h, range }) => ({ range, options: { inlineClassName: `editor-hl-${h.severity}` } })))
    return () => {
      decorations.clear()
      monaco.editor.setModelMarkers(model, 'wsinspect', [])
    }
  }, [editor, highlights])
}
