import { lazy, Suspense } from 'react'
import type { DiffViewProps } from './monaco/diff-view-props.ts'
import './diff-view.css'

export type { DiffViewProps }

const MonacoDiffEditor = lazy(() => import('./monaco/monaco-diff-editor.tsx'))

/**
 * Two texts compared line by line and within lines (Monaco's diff editor, loaded on first use),
 * read-only, under captions naming the two sides. Both texts show as plain blocks while it loads.
 */
export function DiffView(props: DiffViewProps) {
  const { ariaLabel, originalLabel = 'Original', modifiedLabel = 'Modified', height = 240, inline = false } = props
  return (
    <div role="group" aria-label={ariaLabel} className="diff-view">
      <div className={inline ? 'diff-view-captions inline' : 'diff-view-captions'} aria-hidden="true">
        <span>{inline ? `${originalLabel} → ${modifiedLabel}` : originalLabel}</span>
        {!inline && <span>{modifiedLabel}</span>}
      </div>
      <Suspense
        fallback={
          <div className="diff-view-fallback" style={{ height }}>
            <pre>{props.original}</pre>
            <pre>{props.modified}</pre>
          </div>
        }
      >
        <MonacoDiffEditor {...props} />
      </Suspense>
    </div>
  )
}
