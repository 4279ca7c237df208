/**
 * Selected rows as text to copy: tab-separated lines (they paste into a spreadsheet as rows),
 * or JSON Lines, one message record a line.
 */
import { toHex, utf8Decode } from '../../protocol/index.ts'
import { formatClock } from '../components/format.ts'
import { messageRecord, type RowMessage } from './copy-formats.ts'

export const ROW_COPY_FORMATS = [
  { key: 'lines', label: 'Text lines' },
  { key: 'jsonl', label: 'JSON lines' },
] as const

export type RowCopyFormat = (typeof ROW_COPY_FORMATS)[number]['key']

export function copyRows(format: RowCopyFormat, messages: readonly RowMessage[]): string {
  const lines = messages.map((m) => (format === 'jsonl' ? JSON.stringify(messageRecord(m)) : textLine(m)))
  return lines.join('\n')
}

/** #, time, direction, type, size in bytes, then the payload: text with its line breaks and tabs escaped, or hex. */
function textLine(m: RowMessage): string {
  const payload = m.type === 'binary' ? toHex(m.data, ' ') : utf8Decode(m.data).replace(/[\\\t\r\n]/g, (c) => ESCAPES[c])
  return [m.index + 1, formatClock(m.t), m.sender === 'client' ? 'sent' : 'received', m.type, m.size, payload].join('\t')
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\r': '\\r', '\n': '\\n' }
