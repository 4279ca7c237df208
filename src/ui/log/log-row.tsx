import { memo, type CSSProperties } from 'react'
import { LOG_CELLS, type LogRow } from './log-columns.tsx'

/** A visible column: its id, its cell's style (one object shared by every row), and the most characters its cells can show. */
export interface LogColumn {
  id: string
  style: CSSProperties
  chars: number
}

export interface LogRowProps extends LogRow {
  /** The element id (the grid's aria-activedescendant points at it): by place, so it stays while the messages shown change. */
  domId: string
  columns: readonly LogColumn[]
  selected: boolean
  /** The selection's current row when several are selected. */
  current: boolean
  /**
   * The message's version (MessageStore.version) when the props were made: it changes with
   * whatever the row shows that arrives after the message (its decoding, its correlation
   * partner, a mark, a violation). The stores are mutable, so the comparison cannot read them.
   */
  version: number
}

/**
 * One row of the log. Memoized: a place in the window whose message and state did not change
 * (scrolled up or paused while messages stream, a selection move elsewhere) does not render.
 * No handlers of its own: the grid handles clicks for all its rows (a row's place in the window says which message).
 */
export const LogRowView = memo(function LogRowView(props: LogRowProps) {
  const { domId, columns, selected, current, pinned, index, row, data } = props
  const sent = data.messages.sender(index) === 'client'
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={row + 2}
      aria-selected={selected}
      className={`log-row ${sent ? 'sent' : 'received'}${selected ? ' selected' : ''}${current ? ' current' : ''}${pinned ? ' pinned' : ''}${data.violations.has(index) ? ' violation' : ''}`}
    >
      {columns.map(({ id, style, chars }) => (
        <div key={id} role="gridcell" className={`log-cell cell-${id}`} style={style}>
          {LOG_CELLS[id](props, chars)}
        </div>
      ))}
    </div>
  )
}, sameRow)

function sameRow(a: LogRowProps, b: LogRowProps): boolean {
  return (
    a.index === b.index &&
    a.row === b.row &&
    a.previousTime === b.previousTime &&
    a.search === b.search &&
    a.pinned === b.pinned &&
    a.selected === b.selected &&
    a.current === b.current &&
    a.columns === b.columns &&
    a.domId === b.domId &&
    a.version === b.version &&
    // Replaced by a clear or a new decoding choice: index i is another message, or decoded anew.
    a.data.messages === b.data.messages &&
    a.data.previews === b.data.previews &&
    a.data.decoded === b.data.decoded &&
    a.data.timeline === b.data.timeline
  )
}
