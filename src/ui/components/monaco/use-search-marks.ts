import { useEffect } from 'react'
import type { SearchQuery } from '../../store/text-matches.ts'
import { monaco } from './monaco-setup.ts'

/** Matches marked at most; a regular expression only runs over this much text (it runs on the page). */
const MAX_MARKS = 1000
const MAX_REGEX_TEXT = 256 * 1024

/**
 * The log's search, marked in an editor the way Monaco's find marks matches (and in the
 * scrollbar's overview ruler), the first one scrolled into view.
 */
export function useSearchMarks(editor: monaco.editor.IStandaloneCodeEditor | null, search: SearchQuery | null | undefined, value: string): void {
  useEffect(() => {
    const model = editor?.getModel()
    if (!editor || !model || !search?.text) return
    if (search.regex && model.getValueLength() > MAX_REGEX_TEXT) return
    let matches: monaco.editor.FindMatch[]
    try {
      matches = model.findMatches(search.text, false, search.regex, false, null, false, MAX_MARKS)
    } catch {
      return
    }
    const decorations = editor.createDecorationsCollection(
      matches.map((m) => ({
        range: m.range,
        options: { inlineClassName: 'search-match', overviewRuler: { color: 'rgba(234, 92, 0, 0.8)', position: monaco.editor.OverviewRulerLane.Center } },
      })),
    )
    if (matches.length) editor.revealRangeInCenterIfOutsideViewport(matches[0].range)
    return () => decorations.clear()
  }, [editor, search, value])
}
