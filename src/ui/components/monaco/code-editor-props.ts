import type { editor } from 'monaco-editor'
import type { SearchQuery } from '../../store/text-matches.ts'

/** A range of the text to mark, by character offsets [start, end), with its message on hover. */
export interface EditorHighlight {
  start: number
  end: number
  severity: 'error' | 'warning' | 'info'
  message: string
}

export interface CodeEditorProps {
  value: string
  onChange?: (value: string) => void
  language?: 'plaintext' | 'json'
  readOnly?: boolean
  /** The editor's accessible name (Monaco puts it on its text area). */
  ariaLabel: string
  height?: number | string
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void
  /** Wrap long lines (default true); wrapping megabytes of text costs the page seconds. */
  wrap?: boolean
  /** Marked as squiggles with a tinted background; their messages show on hover and in the problems list. */
  highlights?: EditorHighlight[]
  /** A range to scroll to and select; pass a new object to reveal it again. */
  reveal?: { start: number; end: number } | null
  /** Text to mark as found (the log's search). */
  search?: SearchQuery | null
  /** Access to the editor instance, e.g. to place markers or decorations. */
  onEditor?: (editor: editor.IStandaloneCodeEditor) => void
}
