/**
 * Monaco, bundled: no CDN. Imported only by the lazily loaded editor modules (Monaco is ~4 MB);
 * it wires Monaco's web workers as Vite worker chunks before the first editor opens.
 */
import * as monaco from 'monaco-editor'
import { loader } from '@monaco-editor/react'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
}
loader.config({ monaco })

export { monaco }
