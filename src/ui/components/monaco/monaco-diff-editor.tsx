/** Monaco's diff editor, read-only; only ever loaded through React.lazy (see ../diff-view.tsx). */
import { useEffect, useRef, useState } from 'react'
import { DiffEditor, type DiffOnMount } from '@monaco-editor/react'
import { useThemeStore } from '../../app/theme-store.ts'
import type { DiffViewProps } from './diff-view-props.ts'
import type { monaco } from './monaco-setup.ts'
import './monaco-setup.ts'

export default function MonacoDiffEditor({
  original,
  modified,
  language = 'plaintext',
  originalLabel = 'Original',
  modifiedLabel = 'Modified',
  height = 240,
  inline = false,
  wrap = true,
  onDiff,
}: DiffViewProps) {
  const theme = useThemeStore((s) => s.theme)
  const [editor, setEditor] = useState<monaco.editor.IStandaloneDiffEditor | null>(null)
  const report = useRef(onDiff)
  report.current = onDiff
  const onMount: DiffOnMount = (instance) => setEditor(instance)
  useEffect(() => {
    if (!editor) return
    const reportChanges = () => report.current?.(editor.getLineChanges()?.length ?? 0)
    const subscription = editor.onDidUpdateDiff(reportChanges)
    return () => {
      subscription.dispose()
      // The wrapper disposes its models before its editor, which Monaco reports as an error;
      // detach them first and dispose them here (the wrapper keeps them, see keepCurrent*).
      const models = editor.getModel()
      editor.setModel(null)
      models?.original.dispose()
      models?.modified.dispose()
    }
  }, [editor])
  return (
    <DiffEditor
      original={original}
      modified={modified}
      language={language}
      height={height}
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      onMount={onMount}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      options={{
        readOnly: true,
        originalEditable: false,
        originalAriaLabel: originalLabel,
        modifiedAriaLabel: modifiedLabel,
        renderSideBySide: !inline,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: wrap ? 'on' : 'off',
        diffWordWrap: wrap ? 'on' : 'off',
        fontSize: 13,
        automaticLayout: true,
        renderLineHighlight: 'none',
        renderOverviewRuler: false,
      }}
    />
  )
}
