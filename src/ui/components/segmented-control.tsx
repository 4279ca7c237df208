import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface SegmentedOption<T extends string> {
  value: T
  label: string
}

interface SegmentedControlProps<T extends string> {
  /** The group's accessible name. */
  label: string
  options: readonly SegmentedOption<T>[]
  value: T
  onChange: (value: T) => void
  /** Shown after the options (a note such as a byte count). */
  children?: ReactNode
  className?: string
}

/**
 * One choice of a few, as buttons side by side: a WAI-ARIA radio group (`role="radio"` with
 * `aria-checked`), one tab stop, arrow keys move the choice.
 */
export function SegmentedControl<T extends string>({ label, options, value, onChange, children, className }: SegmentedControlProps<T>) {
  const group = useRef<HTMLDivElement>(null)
  const move = (e: KeyboardEvent, at: number) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
    if (!step) return
    e.preventDefault()
    const next = (at + step + options.length) % options.length
    onChange(options[next].value)
    group.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[next]?.focus()
  }
  return (
    <div ref={group} className={`segmented${className ? ` ${className}` : ''}`} role="radiogroup" aria-label={label}>
      {options.map((option, i) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          tabIndex={option.value === value ? 0 : -1}
          onClick={() => onChange(option.value)}
          onKeyDown={(e) => move(e, i)}
        >
          {option.label}
        </button>
      ))}
      {children}
    </div>
  )
}
