import { useEffect, useRef, useState } from 'react'
import { COLUMN_NAMES, COLUMN_TITLES } from './log-columns.tsx'
import { useColumnLayout } from './column-layout-store.ts'
import { useColumnLayoutFor } from './use-column-layout.ts'

/**
 * "Columns": which of the log's columns show, and in what order (the headers can also be
 * dragged onto each other, and resized at their right edge). Remembered across reloads.
 */
export function ColumnChooser({ id }: { id: string }) {
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const away = (e: PointerEvent) => box.current?.contains(e.target as Node) || setOpen(false)
    document.addEventListener('pointerdown', away)
    return () => document.removeEventListener('pointerdown', away)
  }, [open])
  return (
    <div className="column-chooser" ref={box} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && <ColumnList id={id} />}
    </div>
  )
}

function ColumnList({ id }: { id: string }) {
  const { order, visibility } = useColumnLayoutFor(id)
  const { setVisible, move, reset } = useColumnLayout.getState()
  return (
    <div className="column-list" role="dialog" aria-label="Columns">
      <ul>
        {order.map((c, at) => (
          <li key={c} title={COLUMN_TITLES[c]}>
            <label>
              <input type="checkbox" checked={visibility[c]} onChange={(e) => setVisible(c, e.target.checked)} />
              {COLUMN_NAMES[c]}
            </label>
            <button type="button" aria-label={`Move ${COLUMN_NAMES[c]} left`} disabled={at === 0} onClick={() => move(order, c, -1)}>
              ↑
            </button>
            <button type="button" aria-label={`Move ${COLUMN_NAMES[c]} right`} disabled={at === order.length - 1} onClick={() => move(order, c, 1)}>
              ↓
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={reset}>
        Reset columns
      </button>
    </div>
  )
}
