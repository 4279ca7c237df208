import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { rowForKey } from './list-keys.ts'
import './virtual-list.css'

interface VirtualListProps {
  count: number
  ariaLabel: string
  /** Renders one row's cells; rows share the grid given by `columns`. */
  renderRow: (index: number) => ReactNode
  /** A CSS grid-template-columns value shared by the header and the rows. */
  columns: string
  header: ReactNode
  selected: number | null
  onSelect: (index: number) => void
  /** Height of the scroll area in pixels. */
  height?: number
  rowHeight?: number
}

/**
 * A selectable list of any length (a 10 MB capture has tens of thousands of frames): only the
 * visible rows are rendered. Arrows, Page Up/Down, Home and End move the selection, as in a list box.
 */
export function VirtualList({ count, ariaLabel, renderRow, columns, header, selected, onSelect, height = 240, rowHeight = 24 }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 })
  useEffect(() => {
    if (selected !== null && selected < count) virtualizer.scrollToIndex(selected, { align: 'auto' })
  }, [selected, count, virtualizer])
  const onKeyDown = (e: KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1)
    const row = rowForKey(e.key, selected ?? -1, count, pageRows)
    if (row === null) return
    e.preventDefault()
    onSelect(row)
  }
  return (
    <div className="virtual-list">
      <div className="virtual-list-header" style={{ gridTemplateColumns: columns }} aria-hidden="true">
        {header}
      </div>
      <div
        ref={scroller}
        className="virtual-list-scroll"
        role="listbox"
        aria-label={ariaLabel}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selected !== null ? `${ariaLabel}-${selected}` : undefined}
        style={{ height: Math.min(height, Math.max(count, 1) * rowHeight + 2) }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => (
            <div
              key={row.key}
              id={`${ariaLabel}-${row.index}`}
              role="option"
              aria-selected={selected === row.index}
              className="virtual-list-row"
              style={{ gridTemplateColumns: columns, height: rowHeight, transform: `translateY(${row.start}px)` }}
              onClick={() => onSelect(row.index)}
            >
              {renderRow(row.index)}
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
