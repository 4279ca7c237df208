/**
 * The log's columns as react-table definitions. A row is a handle — the message's index and
 * its connection's data — created only for the rows on screen; every cell reads its value
 * from the columnar store, and the preview is decoded on demand (and cached). The Protocol and
 * Summary columns read what the payload worker decoded (PayloadColumn): a render never decodes.
 */
import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
} from '@tanstack/react-table'
import type { ReactNode } from 'react'
import type { ConnectionData } from '../connection/connection.ts'
import { Flag, type MessageStore } from '../store/message-store.ts'
import { closeTone, messageTypeLabel, typeClass } from '../components/message-type-label.ts'
import { formatByteCount, formatBytes, formatClock, formatCount, formatDuration, formatRatio } from '../components/format.ts'
import { HighlightedText } from '../components/highlighted-text.tsx'
import { textMatches, type SearchQuery } from '../store/text-matches.ts'

export interface LogRow {
  /** Position in the (filtered) log. */
  row: number
  /** Index of the message in its store. */
  index: number
  data: ConnectionData
  /** Time of the row above, for the Δ column. */
  previousTime: number | null
  /** The log's search text, highlighted in the preview; null when there is none. */
  search: SearchQuery | null
  pinned: boolean
}

export const logFeatures = tableFeatures({ columnSizingFeature, columnResizingFeature, columnVisibilityFeature, columnOrderingFeature })

const helper = createColumnHelper<typeof logFeatures, LogRow>()

const messages = (r: LogRow) => r.data.messages

/**
 * What each column's cell shows, drawn by the log's rows straight from the stores: react-table
 * has the headers, sizes, order and visibility, not a row model (its cell objects, made anew
 * for every cell on every render, cost more than the cells). While a stream floods the log every
 * visible cell changes ten times a second, so cells are cheap: most are a lone string (React
 * sets the cell's text, no node of its own), the others one element, no component; and long
 * text is cut to what the cell can show (`chars`), since laying out the rest costs as much.
 */
export const LOG_CELLS: Record<string, (r: LogRow, chars: number) => ReactNode> = {
  number: (r) =>
    r.pinned ? (
      <>
        <span className="pin-mark" role="img" aria-label="pinned" title="Pinned (P in the log)">
          ⚑{' '}
        </span>
        {formatCount(r.index + 1)}
      </>
    ) : (
      formatCount(r.index + 1)
    ),
  time: (r) => formatClock(messages(r).time(r.index)),
  since: (r) => {
    const ms = sinceOpen(r)
    return ms === null ? '' : formatDuration(ms)
  },
  delta: (r) => (r.previousTime === null ? '' : `+${formatDuration(messages(r).time(r.index) - r.previousTime)}`),
  // Coloured by the row's class (sent / received): no element of its own.
  direction: (r) => (messages(r).sender(r.index) === 'client' ? '↑ sent' : '↓ received'),
  type: (r) => {
    const label = messageTypeLabel(r.data, r.index)
    const tag = <span className={`type-tag ${typeClass(label)}${label === 'close' ? ` close-${closeTone(messages(r).closeCode(r.index))}` : ''}`}>{label}</span>
    if (!r.data.violations.has(r.index)) return tag
    return (
      <>
        <span className="violation-tag" role="img" aria-label="protocol violation" title="This frame broke the protocol: see the Summary and the Frames tab">
          ⚠
        </span>
        {tag}
      </>
    )
  },
  size: (r) => bytes(messages(r).size(r.index)),
  wire: (r) => {
    const wire = messages(r).wireSize(r.index)
    return wire === null ? (
      <span className="muted" title="not known: the browser does not expose frames or compression">
        —
      </span>
    ) : (
      bytes(wire)
    )
  },
  ratio: (r) => ratioText(messages(r), r.index),
  protocol: (r) => {
    if (!r.data.decoded.ready(r.index)) return <span className="muted">…</span>
    return r.data.decoded.decoder(r.index) ?? <span className="muted">—</span>
  },
  summary: (r, chars) => summaryCell(r, chars),
  mark: (r) => {
    const mark = r.data.marks.get(r.index)?.mark
    return mark && <span className={`mark-tag mark-${mark}`}>{mark}</span>
  },
  preview: (r, chars) => {
    const { search, data, index } = r
    const text = cut(data.previews.get(index), chars)
    // A binary preview is hex digits: the search looked for bytes, not for these characters.
    return search && data.messages.type(index) !== 'binary' ? <HighlightedText text={text} ranges={textMatches(text, search, 20)} /> : text
  },
}

/** The first `chars` characters of `text` (the rest would be past the cell's end). */
function cut(text: string, chars: number): string {
  return text.length > chars ? text.slice(0, chars) : text
}

const COLUMN_SIZES: Record<string, [header: string, size: number]> = {
  number: ['#', 56],
  time: ['Time', 100],
  since: ['Since', 64],
  delta: ['Δ', 72],
  direction: ['Direction', 86],
  type: ['Type', 64],
  size: ['Size', 60],
  wire: ['Wire', 60],
  ratio: ['Ratio', 50],
  protocol: ['Protocol', 90],
  summary: ['Summary', 260],
  mark: ['Mark', 60],
  preview: ['Preview', 200],
}

export const logColumns = helper.columns(Object.entries(COLUMN_SIZES).map(([id, [header, size]]) => helper.display({ id, header, size })))

/** Compact in the column, exact on hover: "64.0 KiB", "65,536 bytes". */
function bytes(n: number) {
  return <span title={formatByteCount(n)}>{formatBytes(n)}</span>
}

/** The decoded one-liner, with the link to the answer (or request) and unanswered requests flagged. */
function summaryCell(row: LogRow, chars: number) {
  const violation = row.data.violations.get(row.index)
  if (violation) {
    const { finding } = violation
    return (
      <span className="violation-summary" title={finding.message}>
        {finding.closeCode !== null && <strong>{finding.closeCode} </strong>}
        {finding.message} ({finding.rfc})
      </span>
    )
  }
  const { decoded } = row.data
  if (!decoded.ready(row.index)) return <span className="muted">decoding…</span>
  const partner = decoded.partner(row.index)
  const error = decoded.error(row.index)
  const summary = cut(decoded.summary(row.index), chars)
  const className = `payload-summary kind-${decoded.kind(row.index)}`
  // Most rows: the summary alone, as the span's one text.
  if (error === null && partner === null && !decoded.asks(row.index)) return <span className={className}>{summary}</span>
  return (
    <span className={className}>
      {error !== null && (
        <span className="payload-error-mark" title={error}>
          ⚠{' '}
        </span>
      )}
      {summary}
      {partner !== null && <span className="payload-link muted"> ↔ #{formatCount(partner + 1)}</span>}
      {partner === null && decoded.asks(row.index) && <span className="payload-unanswered"> · no answer</span>}
    </span>
  )
}

/** Time since the connection attempt the row belongs to started (null before any, e.g. a loaded session). */
function sinceOpen(r: LogRow): number | null {
  const t = messages(r).time(r.index)
  const opened = r.data.timeline.connectedBefore(t)
  return opened === null ? null : t - opened
}

/**
 * Size ÷ Wire, the two columns beside it, so the figures on screen check out (47 B / 17 B is
 * 2.8×); empty for uncompressed messages. The Compression tab gives the payload-only ratio.
 */
export function ratioText(store: MessageStore, i: number): string {
  const wire = store.has(i, Flag.COMPRESSED) ? store.wireSize(i) : null
  return wire === null ? '' : formatRatio(store.size(i), wire)
}

/** The columns that share the room left by the others (their size is a share, not a width). */
export const FLEX_COLUMNS: ReadonlySet<string> = new Set(['summary', 'preview'])

/** Every column's id, in the default order. */
export const COLUMN_IDS: readonly string[] = logColumns.map((c) => c.id!)

/** Column names in the column chooser (the headers, spelled out where a header is a symbol). */
export const COLUMN_NAMES: Record<string, string> = {
  number: '#',
  time: 'Time',
  since: 'Since connect',
  delta: 'Δ since previous',
  direction: 'Direction',
  type: 'Type',
  size: 'Size',
  wire: 'Wire',
  ratio: 'Ratio',
  protocol: 'Protocol',
  summary: 'Summary',
  mark: 'Mark',
  preview: 'Preview',
}

/**
 * Columns shown unless the user chose otherwise: Wire and Ratio where frames are known (the tap,
 * a capture), Mark where the tap's rules marked something — elsewhere they would be empty; Since
 * connect in the chooser only (Time and Δ tell most of it, and the summary gets the room).
 */
export function defaultVisibility(framed: boolean, marked: boolean): Record<string, boolean> {
  return { since: false, wire: framed, ratio: framed, mark: marked }
}

/** Header tooltips: what each column measures. */
export const COLUMN_TITLES: Record<string, string> = {
  number: 'Message number in this connection',
  time: 'Local time the message was sent or received',
  since: 'Since connect: time since Connect was pressed for this connection attempt',
  delta: 'Time since the row above (never negative: one clock orders the log)',
  size: 'Size: payload bytes the application sees (after decompression)',
  wire: 'Wire: bytes on the wire, frame headers plus (compressed) payload',
  ratio: 'Ratio: Size ÷ Wire for compressed messages (headers counted); the Compression tab gives the payload-only ratio',
  protocol: 'The application protocol or encoding the payload was decoded as (innermost layer)',
  summary: 'What the message means in its protocol; ↔ links a request and its answer by correlation id',
  mark: 'Through the tap with rules: original, modified, dropped, held or injected',
}
