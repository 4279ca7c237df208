import type { editor } from 'monaco-editor'

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
  /** Access to the editor instance, e.g. to place markers or decorations. */
  onEditor?: (editor: editor.IStandaloneCodeEditor) => void
}
