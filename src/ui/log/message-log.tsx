import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTable } from '@tanstack/react-table'
import { connectionData } from '../state/connection-data.ts'
import { useLogStore, useLogVersion } from '../state/log-store.ts'
import { useSelected, useSelectionStore } from '../state/selection-store.ts'
import { COLUMN_TITLES, logColumns, logFeatures, type LogRow } from './log-columns.tsx'
import { rowForKey } from './grid-keys.ts'
import './log.css'

const ROW_HEIGHT = 22

/**
 * The message grid: virtualised (only the rows on screen exist in the DOM or as react-table
 * rows), re-rendered once per animation frame at most through the log version, following
 * the newest message while scrolled to the bottom. Keyboard: arrows, Page Up/Down, Home, End.
 */
export function MessageLog({ id }: { id: string }) {
  useLogVersion(id)
  const pausedAt = useLogStore((s) => s.pausedAt[id])
  const selected = useSelected(id)
  const select = useSelectionStore((s) => s.select)
  const domId = useId()
  const scroller = useRef<HTMLDivElement>(null)
  const follow = useRef(true)

  const data = connectionData(id)
  const { scan, messages } = data
  const count = scan.count(pausedAt ?? Infinity)
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })
  const items = virtualizer.getVirtualItems()
  const rows: LogRow[] = items.map(({ index: row }) => ({
    row,
    index: scan.messageAt(row),
    data,
    previousTime: row > 0 ? messages.time(scan.messageAt(row - 1)) : null,
  }))
  // Filtering is the message store's job (a million rows); the table gets the visible window.
  const table = useTable({ features: logFeatures, columns: logColumns, data: rows }, () => null)

  useLayoutEffect(() => {
    if (follow.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' })
  }, [count, virtualizer])

  const found = selected === null ? -1 : scan.rowOf(selected)
  const selectedRow = found < count ? found : -1
  const rowId = (index: number) => `${domId}-m${index}`

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
    const row = rowForKey(e.key, selectedRow, count, page)
    if (row === null) return
    e.preventDefault()
    select(id, scan.messageAt(row))
    virtualizer.scrollToIndex(row)
  }

  const onScroll = () => {
    const el = scroller.current!
    follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT
  }

  const headers = table.getHeaderGroups()[0].headers
  return (
    <div
      className="log-grid"
      role="grid"
      aria-label="Messages"
      aria-rowcount={count + 1}
      aria-colcount={headers.length}
      aria-activedescendant={selectedRow >= 0 && items.some((i) => i.index === selectedRow) ? rowId(selected!) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="log-head">
        <div role="row" aria-rowindex={1} className="log-row">
          {headers.map((header) => (
            <div key={header.id} role="columnheader" className={`log-cell cell-${header.id}`} style={{ width: header.getSize() }} title={COLUMN_TITLES[header.id]}>
              <table.FlexRender header={header} />
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="log-scroll" ref={scroller} onScroll={onScroll}>
        {count === 0 && <p className="log-empty muted">{messages.length ? 'No message matches the filter.' : 'No messages yet.'}</p>}
        <div className="log-body" style={{ height: virtualizer.getTotalSize() }}>
          {table.getRowModel().rows.map((row, i) => {
            const { index } = row.original
            const isSelected = index === selected
            return (
              <div
                key={index}
                id={rowId(index)}
                role="row"
                aria-rowindex={row.original.row + 2}
                aria-selected={isSelected}
                className={`log-row${isSelected ? ' selected' : ''}`}
                style={{ transform: `translateY(${items[i].start}px)` }}
                onClick={() => select(id, index)}
              >
                {row.getAllCells().map((cell) => (
                  <div key={cell.column.id} role="gridcell" className={`log-cell cell-${cell.column.id}`} style={{ width: cell.column.getSize() }}>
                    <table.FlexRender cell={cell} />
                  </div>
                ))}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
