/**
 * Monaco, bundled: no CDN. This module is only ever loaded through React.lazy (the editor is
 * ~4 MB), and it wires Monaco's web workers as Vite worker chunks before the first editor.
 */
import { useRef } from 'react'
import * as monaco from 'monaco-editor'
import Editor, { loader, type OnMount } from '@monaco-editor/react'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'
import { useThemeStore } from '../../state/theme-store.ts'
import type { CodeEditorProps } from './code-editor-props.ts'

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
}
loader.config({ monaco })

export default function MonacoEditor({ value, onChange, language = 'plaintext', readOnly = false, ariaLabel, height = 240, onSubmit, onEditor }: CodeEditorProps) {
  const theme = useThemeStore((s) => s.theme)
  // The command is registered once, at mount: it calls the latest onSubmit, not the first one.
  const submit = useRef(onSubmit)
  submit.current = onSubmit
  const onMount: OnMount = (editor) => {
    if (onSubmit) editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current?.())
    onEditor?.(editor)
  }
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
        wordWrap: 'on',
        fontSize: 13,
        automaticLayout: true,
        renderLineHighlight: readOnly ? 'none' : 'line',
        tabSize: 2,
      }}
    />
  )
}
