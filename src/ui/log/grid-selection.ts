/**
 * How the log's grid selects with the mouse and the keyboard, as file lists and spreadsheets do:
 * click selects one row, Ctrl/Cmd-click adds or removes one, Shift-click and Shift+arrows select
 * from the anchor; Ctrl/Cmd+A selects every row shown, Ctrl/Cmd+C copies the selection as lines.
 */
import type { KeyboardEvent, MouseEvent } from 'react'
import { connections } from '../connection/connections.ts'
import type { LogView } from '../connection/connection.ts'
import { rowForKey } from '../components/list-keys.ts'
import { copySelectedRows, selectedRows } from './selected-rows.ts'

export function clickRow(id: string, index: number, e: MouseEvent): void {
  const connection = connections.get(id)
  if (e.shiftKey) connection?.selectTo(index)
  else if (e.ctrlKey || e.metaKey) connection?.toggleSelected(index)
  else connection?.select(index)
}

/** Handles a selection key in the grid; false for keys it does not handle. */
export function selectionKey(id: string, e: KeyboardEvent, log: LogView, selectedRow: number, pageRows: number): boolean {
  const connection = connections.get(id)
  if (!connection) return false
  const command = e.ctrlKey || e.metaKey
  if (command && e.key.toLowerCase() === 'a') {
    if (log.rows === 0) return true
    connection.select(log.scan.messageAt(0))
    connection.selectTo(log.scan.messageAt(log.rows - 1))
    return true
  }
  if (command && e.key.toLowerCase() === 'c') {
    // Text the user selected on the page is theirs to copy.
    if (!window.getSelection()?.isCollapsed) return false
    const rows = selectedRows(log, connection.view.getState().selection)
    if (rows.length) void copySelectedRows(log, rows, 'lines')
    return true
  }
  const row = rowForKey(e.key, selectedRow, log.rows, pageRows)
  if (row === null) return false
  const index = log.scan.messageAt(row)
  if (e.shiftKey) connection.selectTo(index)
  else connection.select(index)
  return true
}
