import { useMemo, useState } from 'react'
import { formatCount } from '../components/format.ts'
import { useConnectionView, useLog } from '../connection/use-connection.ts'
import { ROW_COPY_FORMATS, type RowCopyFormat } from './copy-rows.ts'
import { copySelectedRows, selectedRows } from './selected-rows.ts'
import { MessageDiffButton } from './message-diff.tsx'
import { FormatSelect } from './format-select.tsx'

/** What to do with several selected rows: copy them (Ctrl/Cmd+C in the log does too). */
export function RowsActions({ id, rows }: { id: string; rows: number[] }) {
  const data = useLog(id)
  const [format, setFormat] = useState<RowCopyFormat>('lines')
  const [note, setNote] = useState('')
  return (
    <div className="message-actions" role="toolbar" aria-label="Selected rows">
      <span className="muted">{formatCount(rows.length)} rows selected</span>
      <FormatSelect label="Copy rows as" formats={ROW_COPY_FORMATS} value={format} onChange={setFormat} />
      <button type="button" onClick={() => void copySelectedRows(data, rows, format).then(setNote)}>
        Copy
      </button>
      {rows.length === 2 && <MessageDiffButton id={id} pair={[rows[0], rows[1]]} />}
      <span className="muted message-actions-note" role="status">
        {note}
      </span>
    </div>
  )
}

/** The selected rows the log shows, recounted when the selection or the log changes. */
export function useSelectedRows(id: string): number[] {
  const log = useLog(id)
  const selection = useConnectionView(id, (v) => v.selection)
  return useMemo(() => (selection.length === 1 && selection[0][0] === selection[0][1] ? [] : selectedRows(log, selection)), [log, selection])
}
