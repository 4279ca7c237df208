import { useId, type KeyboardEvent, type ReactNode } from 'react'

export interface TabSpec<K extends string> {
  key: K
  label: ReactNode
}

interface TabsProps<K extends string> {
  tabs: readonly TabSpec<K>[]
  selected: K
  onSelect: (key: K) => void
  label: string
  /** The selected tab's panel. */
  children: ReactNode
  className?: string
}

/**
 * The WAI-ARIA tabs pattern: a tablist whose arrow keys, Home and End move between tabs, and
 * the selected tab's panel. Only the selected panel is rendered.
 */
export function Tabs<K extends string>({ tabs, selected, onSelect, label, children, className }: TabsProps<K>) {
  const base = useId()
  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.key === selected)
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    const key = tabs[(next + tabs.length) % tabs.length].key
    onSelect(key)
    document.getElementById(`${base}-tab-${key}`)?.focus()
  }
  return (
    <div className={`tabs ${className ?? ''}`}>
      <div role="tablist" aria-label={label} className="tab-list" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            id={`${base}-tab-${t.key}`}
            type="button"
            role="tab"
            aria-selected={t.key === selected}
            aria-controls={`${base}-panel`}
            tabIndex={t.key === selected ? 0 : -1}
            onClick={() => onSelect(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${selected}`} className="tab-panel">
        {children}
      </div>
    </div>
  )
}
