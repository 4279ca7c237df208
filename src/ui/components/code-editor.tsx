import { lazy, Suspense } from 'react'
import type { CodeEditorProps } from './monaco/code-editor-props.ts'

export type { CodeEditorProps }

const MonacoEditor = lazy(() => import('./monaco/monaco-editor.tsx'))

/** A Monaco editor, loaded on first use; a plain read-only block stands in while it loads. */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <pre className="code-editor-fallback" style={{ height: props.height ?? 240 }}>
          {props.value}
        </pre>
      }
    >
      <MonacoEditor {...props} />
    </Suspense>
  )
}
