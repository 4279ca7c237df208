import type { DragEvent, KeyboardEvent, ReactNode } from 'react'
import { useColumnLayout } from './column-layout-store.ts'

/** Keyboard resizing steps by this many pixels (Shift: five times as much). */
const KEY_STEP = 8
const DRAG_TYPE = 'application/x-wsinspect-column'

interface ColumnHeaderProps {
  id: string
  name: string
  title: string | undefined
  width: number
  flex: boolean
  /** The order on screen, for moves. */
  order: readonly string[]
  /** react-table's mouse/touch handler for the resize handle. */
  onResizeStart: (event: unknown) => void
  onResizeBy: (delta: number) => void
  children: ReactNode
}

/**
 * A column header: its label can be dragged onto another header to move the column there, and
 * its right edge is a separator that resizes it (drag, or focus it and use the arrow keys).
 */
export function ColumnHeader({ id, name, title, width, flex, order, onResizeStart, onResizeBy, children }: ColumnHeaderProps) {
  const onDrop = (e: DragEvent) => {
    const dragged = e.dataTransfer.getData(DRAG_TYPE)
    if (!dragged || dragged === id) return
    e.preventDefault()
    useColumnLayout.getState().moveTo(order, dragged, id)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const sign = { ArrowLeft: -1, ArrowRight: 1 }[e.key]
    // The grid around it moves the selection with the arrows: not while resizing.
    e.stopPropagation()
    if (sign === undefined) return
    e.preventDefault()
    onResizeBy(sign * KEY_STEP * (e.shiftKey ? 5 : 1))
  }
  return (
    <div
      role="columnheader"
      className={`log-cell cell-${id}`}
      style={cellStyle(width, flex)}
      title={title}
      onDragOver={(e) => e.dataTransfer.types.includes(DRAG_TYPE) && e.preventDefault()}
      onDrop={onDrop}
    >
      <span className="column-label" draggable onDragStart={(e) => e.dataTransfer.setData(DRAG_TYPE, id)}>
        {children}
      </span>
      <span
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${name} column`}
        aria-valuenow={Math.round(width)}
        tabIndex={0}
        className="column-resizer"
        onMouseDown={onResizeStart}
        onTouchStart={onResizeStart}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
      />
    </div>
  )
}

/** A fixed column is as wide as its size; a flexible one takes its size as its share of the room left. */
export function cellStyle(width: number, flex: boolean) {
  return flex ? { flex: `1 1 ${width}px` } : { width }
}
