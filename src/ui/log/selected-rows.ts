import type { ConnectionData, LogView } from '../connection/connection.ts'
import { messageTypeLabel } from '../components/message-type-label.ts'
import { selectedIndices, type SelectionRanges } from '../store/selection-ranges.ts'
import type { RowMessage } from './copy-formats.ts'
import { formatCount } from '../components/format.ts'
import { copyRows, ROW_COPY_FORMATS, type RowCopyFormat } from './copy-rows.ts'

/** A copy of more rows than this stops there (and says so). */
export const MAX_COPY_ROWS = 100_000

/** The selected messages the log shows (the filter and a pause point hide the others), in order. */
export function selectedRows(log: LogView, selection: SelectionRanges, limit = MAX_COPY_ROWS): number[] {
  return selectedIndices(
    selection,
    (i) => {
      if (i >= log.length) return false
      const row = log.scan.rowOf(i)
      return row >= 0 && row < log.rows
    },
    limit,
  )
}

export function rowMessage(data: ConnectionData, i: number): RowMessage {
  const { messages } = data
  return { index: i, t: messages.time(i), sender: messages.sender(i), type: messageTypeLabel(data, i), data: messages.payload(i), size: messages.size(i) }
}

/** Copies the selected rows (text lines or JSON lines) to the clipboard; says how many, or why not. */
export async function copySelectedRows(data: ConnectionData, rows: number[], format: RowCopyFormat): Promise<string> {
  try {
    await navigator.clipboard.writeText(
      copyRows(
        format,
        rows.map((i) => rowMessage(data, i)),
      ),
    )
    const cut = rows.length >= MAX_COPY_ROWS ? ` (the first ${formatCount(MAX_COPY_ROWS)})` : ''
    return `Copied ${formatCount(rows.length)} rows${cut} as ${ROW_COPY_FORMATS.find((f) => f.key === format)!.label}.`
  } catch (e) {
    return `Could not copy: ${(e as Error).message}`
  }
}
