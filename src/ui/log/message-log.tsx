import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTable } from '@tanstack/react-table'
import { useConnectionView, useLog, useSearchQuery, useSelected } from '../connection/use-connection.ts'
import { COLUMN_NAMES, COLUMN_TITLES, FLEX_COLUMNS, logColumns, logFeatures } from './log-columns.tsx'
import { LogRowView, type LogColumn } from './log-row.tsx'
import { useColumnLayout } from './column-layout-store.ts'
import { useColumnLayoutFor } from './use-column-layout.ts'
import { cellStyle, ColumnHeader } from './column-header.tsx'
import { hasIndex } from '../store/selection-ranges.ts'
import { clickRow, selectionKey } from './grid-selection.ts'
import { pinKey } from './pin-controls.tsx'
import { bodyGeometry, cellChars, logWindow, revealScrollTop, ROW_HEIGHT, tailWindow } from './log-window.ts'
import './log.css'

/**
 * The virtualizer tracks the scroll position over blocks of the scroll area, not rows: its
 * bookkeeping (one measurement per item, redone whenever the count changes, i.e. every frame
 * while messages stream) then stays small for a million-row log. The rows in view are placed
 * by arithmetic (log-window.ts): every row is ROW_HEIGHT tall.
 */
const BLOCK_PX = 16 * ROW_HEIGHT

/** Rows rendered above and below the viewport. */
const OVERSCAN_ROWS = 6

/**
 * The message grid: virtualised (only the rows on screen exist in the DOM or as react-table
 * rows), re-rendered through the log version (at most once a frame, less while a stream floods
 * it), following the newest message while scrolled to the bottom. Keyboard: arrows, Page
 * Up/Down, Home, End.
 */
export function MessageLog({ id }: { id: string }) {
  const data = useLog(id)
  const selected = useSelected(id)
  const selection = useConnectionView(id, (v) => v.selection)
  const multiple = selection.length > 1 || (selection.length === 1 && selection[0][0] !== selection[0][1])
  const domId = useId()
  const scroller = useRef<HTMLDivElement>(null)
  // Scrolled to the bottom: the log follows the newest message.
  const [following, setFollowing] = useState(true)
  // Where following last scrolled to: only a scroll up from there leaves the end.
  const pinnedAt = useRef(0)
  // The follow-the-end scroll waiting for the next frame.
  const followFrame = useRef<number | null>(null)
  // The shortest the rows have been since then. When they shrink (a filter starting from no
  // match) the browser moves the scroll up, and its scroll event may come after they have grown
  // again: a scroll up no user made.
  const shortest = useRef(Infinity)

  const { scan, messages, rows: count } = data
  const viewport = useSize(scroller)
  const viewportHeight = viewport.height
  const { bodyHeight } = bodyGeometry(count, viewportHeight)
  const virtualizer = useVirtualizer({
    count: Math.ceil(bodyHeight / BLOCK_PX),
    getScrollElement: () => scroller.current,
    estimateSize: () => BLOCK_PX,
    // Enabled again when the user scrolls up: start from where the scroll area is, not the top.
    initialOffset: () => scroller.current?.scrollTop ?? 0,
    overscan: 0,
    // Following, the rows are the last ones: the virtualizer's re-render on every scroll to
    // the end would only lay out the same rows again.
    enabled: !following,
  })
  // Following, the layout effect below scrolls to the end: draw the rows that will be there,
  // not the old ones for a frame.
  const { first, end, offset } = following ? tailWindow(count, viewportHeight) : logWindow(count, virtualizer.scrollOffset ?? 0, viewportHeight, OVERSCAN_ROWS)
  const search = useSearchQuery(id)
  const pins = useConnectionView(id, (v) => v.pins)
  // Filtering is the message store's job (a million rows); the rows draw their cells from the
  // stores (log-row.tsx): the table has the columns only.
  const layout = useColumnLayoutFor(id)
  const table = useTable(
    {
      features: logFeatures,
      columns: logColumns,
      data: NO_ROWS,
      state: { columnOrder: layout.order, columnVisibility: layout.visibility, columnSizing: layout.sizing },
      onColumnSizingChange: (update) => {
        const { sizing, setSizing } = useColumnLayout.getState()
        setSizing(typeof update === 'function' ? update(sizing) : update)
      },
      columnResizeMode: 'onChange',
    },
    () => null,
  )

  useLayoutEffect(() => {
    const el = scroller.current
    shortest.current = Math.min(shortest.current, bodyHeight)
    if (!following || !el || count === 0) return
    // At the next frame, not now: setting scrollTop lays the page out, which the frame does
    // anyway before it paints; done here it would be added to the render's task. Past the end
    // scrolls to the end: no need to read (and lay out) scrollHeight first.
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = null
      el.scrollTop = bodyHeight
      pinnedAt.current = el.scrollTop
      shortest.current = bodyHeight
    })
    return () => {
      if (followFrame.current !== null) cancelAnimationFrame(followFrame.current)
      followFrame.current = null
    }
  }, [bodyHeight, count, following])

  /** Scrolls just enough to show a row (below the viewport: to its bottom; above: to its top). */
  const reveal = (row: number) => {
    const el = scroller.current!
    // From the end when the log is about to scroll there; a row above it stops the following.
    const from = followFrame.current === null ? el.scrollTop : Math.max(0, bodyHeight - el.clientHeight)
    const scrollTop = revealScrollTop(row, count, from, el.clientHeight)
    if (scrollTop === null) return
    if (followFrame.current !== null) cancelAnimationFrame(followFrame.current)
    followFrame.current = null
    el.scrollTop = scrollTop
    if (following && el.scrollTop + el.clientHeight < el.scrollHeight - ROW_HEIGHT) setFollowing(false)
  }

  const found = selected === null ? -1 : scan.rowOf(selected)
  const selectedRow = found < count ? found : -1
  // A selection made anywhere (keys, Next match, a pin) scrolls its row into view, once; so
  // does a new filter (the row moved).
  const revealed = useRef<{ selected: number | null; scan: unknown }>({ selected: null, scan: null })
  useLayoutEffect(() => {
    if (selected === revealed.current.selected && scan === revealed.current.scan) return
    revealed.current = { selected, scan }
    if (selectedRow >= 0) reveal(selectedRow)
  })
  // By place in the window, as the rows are keyed: a row element keeps its id while the messages it shows change.
  const rowId = (row: number) => `${domId}-r${row - first}`

  const onKeyDown = (e: KeyboardEvent) => {
    // "/" or Ctrl+F inside the log: to the filter, as in browsers' and editors' logs.
    if (e.key === '/' || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f')) {
      const filter = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')
      if (filter) {
        e.preventDefault()
        filter.focus()
        filter.select()
        return
      }
    }
    if (pinKey(id, e)) return e.preventDefault()
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
    if (selectionKey(id, e, data, selectedRow, page)) e.preventDefault()
  }

  const onScroll = () => {
    const el = scroller.current!
    // Following, rows may have come below since the log scrolled (its scroll event comes a frame
    // later): that is no scroll up, and it needs no layout to tell. Fewer rows (a filter, a
    // clear) move the end up: still at the end.
    const atEnd = () => el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT
    if (following) {
      if (el.scrollTop >= pinnedAt.current - ROW_HEIGHT / 2) return
      // Where the browser put it when the rows were shortest: back to the end.
      if (Math.abs(el.scrollTop - Math.max(0, shortest.current - el.clientHeight)) <= ROW_HEIGHT / 2) el.scrollTop = el.scrollHeight
      if (atEnd()) {
        pinnedAt.current = el.scrollTop
        shortest.current = el.scrollHeight
      } else setFollowing(false)
    } else if (atEnd()) setFollowing(true)
  }

  const headers = table.getHeaderGroups()[0].headers
  // Sizes read once a render, not once a cell.
  const widths: Record<string, number> = Object.fromEntries(headers.map((h) => [h.id, h.getSize()]))
  const chars = cellChars(
    headers.map((h) => ({ id: h.id, width: widths[h.id], flex: FLEX_COLUMNS.has(h.id) })),
    viewport.width,
  )
  // The same columns object while the layout stays (columnsKey is what it is made of): the rows' memo compares it.
  const columnsKey = headers.map((h) => `${h.id}:${widths[h.id]}:${chars[h.id]}`).join()
  const columns = useMemo<LogColumn[]>(
    () => headers.map((h) => ({ id: h.id, style: cellStyle(widths[h.id], FLEX_COLUMNS.has(h.id)), chars: chars[h.id] })),
    [columnsKey],
  )
  const rowElements = []
  for (let row = first; row < end; row++) {
    const index = scan.messageAt(row)
    rowElements.push(
      <LogRowView
        key={row - first}
        domId={rowId(row)}
        row={row}
        index={index}
        data={data}
        previousTime={row > 0 ? messages.time(scan.messageAt(row - 1)) : null}
        search={search}
        pinned={pins.includes(index)}
        selected={hasIndex(selection, index)}
        current={multiple && index === selected}
        columns={columns}
        version={messages.version(index)}
      />,
    )
  }
  return (
    <div
      className="log-grid"
      role="grid"
      aria-label="Messages"
      aria-rowcount={count + 1}
      aria-colcount={headers.length}
      aria-multiselectable
      aria-activedescendant={selectedRow >= first && selectedRow < end ? rowId(selectedRow) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={onRowMouseDown}
      onClick={(e) => {
        const place = rowPlaceAt(e)
        if (place !== null) clickRow(id, scan.messageAt(first + place), e)
      }}
    >
      <div role="rowgroup" className="log-head">
        <div role="row" aria-rowindex={1} className="log-row">
          {headers.map((header) => (
            <ColumnHeader
              key={header.id}
              id={header.id}
              name={COLUMN_NAMES[header.id]}
              title={COLUMN_TITLES[header.id]}
              width={widths[header.id]}
              flex={FLEX_COLUMNS.has(header.id)}
              order={layout.order}
              onResizeStart={header.getResizeHandler()}
              onResizeBy={(delta) => table.setColumnSizing((s) => ({ ...s, [header.id]: Math.max(24, header.getSize() + delta) }))}
            >
              <table.FlexRender header={header} />
            </ColumnHeader>
          ))}
        </div>
      </div>
      <div className="log-viewport">
        <div role="rowgroup" className="log-scroll" ref={scroller} onScroll={onScroll}>
          {count === 0 && <p className="log-empty muted">{messages.length ? 'No message matches the filter.' : 'No messages yet.'}</p>}
          <div className="log-body" style={{ height: bodyHeight }}>
            {/* The window of rows moves as a whole; rows are keyed by their place in it, so a
                streaming log updates the text of the same few elements instead of replacing them
                (keyed by message, each render made new elements, and their style recalculation
                cost more than the rows it saved at 5,000 msg/s). */}
            <div className="log-window" style={{ transform: `translateY(${offset}px)` }}>
              {rowElements}
            </div>
          </div>
        </div>
      </div>
    </div>
  )
}

const NO_ROWS: never[] = []

/** The place in the window of the log row an event happened in, or null (the header, the empty space). */
function rowPlaceAt(e: MouseEvent): number | null {
  const row = (e.target as Element).closest<HTMLElement>('.log-body [role=row]')
  return row ? Array.prototype.indexOf.call(row.parentElement!.children, row) : null
}

/** Shift+click on a row extends the selection: no text selection as well. */
function onRowMouseDown(e: MouseEvent) {
  if (e.shiftKey && rowPlaceAt(e) !== null) e.preventDefault()
}

/** The element's size, kept up to date by a ResizeObserver (never read during a render). */
function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }))
  useLayoutEffect(() => {
    const observer = new ResizeObserver(([entry]) => setSize({ width: entry.contentRect.width, height: entry.contentRect.height }))
    observer.observe(ref.current!)
    return () => observer.disconnect()
  }, [ref])
  return size
}
