import { useShallow } from 'zustand/react/shallow'
import { useConnectionView } from '../connection/use-connection.ts'
import { COLUMN_IDS, defaultVisibility } from './log-columns.tsx'
import { orderColumns, useColumnLayout } from './column-layout-store.ts'

export interface ColumnLayout {
  /** Every column id, in the order on screen. */
  order: string[]
  /** Visible (true) or hidden (false), for every column. */
  visibility: Record<string, boolean>
  sizing: Record<string, number>
}

/** The log's columns for a connection: the user's choices over the defaults its data calls for. */
export function useColumnLayoutFor(id: string): ColumnLayout {
  const framed = useConnectionView(id, (v) => v.log.frames.length > 0 || v.log.tapFrames.linked)
  const marked = useConnectionView(id, (v) => v.log.marks.size > 0)
  const { visibility, order, sizing } = useColumnLayout(useShallow((s) => ({ visibility: s.visibility, order: s.order, sizing: s.sizing })))
  const defaults = defaultVisibility(framed, marked)
  return {
    order: orderColumns(order, COLUMN_IDS),
    visibility: Object.fromEntries(COLUMN_IDS.map((c) => [c, visibility[c] ?? defaults[c] ?? true])),
    sizing,
  }
}
