export interface DiffViewProps {
  /** The text on the left (before). */
  original: string
  /** The text on the right (after). */
  modified: string
  language?: 'plaintext' | 'json'
  /** The accessible name of the whole comparison (a group). */
  ariaLabel: string
  /** Captions above the two sides, also their editors' accessible names. */
  originalLabel?: string
  modifiedLabel?: string
  height?: number | string
  /** One column with removed and added lines interleaved, instead of two side by side. */
  inline?: boolean
  /** Wrap long lines (default true). */
  wrap?: boolean
  /** Called with the number of changed line ranges each time the diff is (re)computed. */
  onDiff?: (changes: number) => void
}
