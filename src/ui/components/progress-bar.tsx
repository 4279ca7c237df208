import type { ReactNode } from 'react'
import './progress-bar.css'

interface ProgressBarProps {
  /** The bar's accessible name. */
  label: string
  /** Done so far, 0 to 1; null while the total is not known (an indeterminate bar). */
  fraction: number | null
  /** What is happening, in words, next to the bar (and its accessible value). */
  text: string
  /** Controls after the text, e.g. a Cancel button. */
  children?: ReactNode
}

/** Progress of a long job in a worker (a decode, an import): bar, words, and what to do about it. */
export function ProgressBar({ label, fraction, text, children }: ProgressBarProps) {
  return (
    <div className="progress">
      <progress aria-label={label} aria-valuetext={text} max={1} value={fraction ?? undefined} />
      <span className="muted">{text}</span>
      {children}
    </div>
  )
}
