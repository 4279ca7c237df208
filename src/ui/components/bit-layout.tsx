import { useState } from 'react'
import type { FieldAnnotation } from '../../protocol/index.ts'
import './bit-layout.css'

/** CSS colour class per field id; the same colours mark the fields in hex views. */
export const FIELD_CLASS: Record<string, string> = {
  'websocket.fin': 'field-fin',
  'websocket.rsv1': 'field-rsv',
  'websocket.rsv2': 'field-rsv',
  'websocket.rsv3': 'field-rsv',
  'websocket.opcode': 'field-opcode',
  'websocket.mask': 'field-mask',
  'websocket.payload_length': 'field-len',
  'websocket.payload_length_ext_16': 'field-extlen',
  'websocket.payload_length_ext_64': 'field-extlen',
  'websocket.masking_key': 'field-key',
  'websocket.payload': 'field-payload',
}

const ROW_BITS = 32

/** Labels for cells too narrow for the full one (the explanation always gives it in full). */
const SHORT_LABEL: Record<string, string> = {
  'websocket.fin': 'F',
  'websocket.rsv1': 'R1',
  'websocket.rsv2': 'R2',
  'websocket.rsv3': 'R3',
  'websocket.mask': 'M',
}

interface Segment {
  field: FieldAnnotation
  row: number
  /** First bit of the segment within its row, and how many bits it covers. */
  column: number
  span: number
  /** The segment's own raw bits, when the field is small enough to show them. */
  bits: string | null
  continued: boolean
}

/** Splits fields into the 32-bit rows of the RFC 6455 §5.2 diagram. */
export function layoutRows(fields: FieldAnnotation[]): Segment[][] {
  const rows: Segment[][] = []
  for (const field of fields) {
    const isPayload = field.id === 'websocket.payload'
    // However long, the payload is drawn in at most two rows: the diagram shows where it
    // starts, its label how long it is.
    const firstRowEnd = (Math.floor(field.bitOffset / ROW_BITS) + 1) * ROW_BITS
    const end = isPayload ? Math.min(field.bitOffset + Math.max(field.bitLength, 1), firstRowEnd + ROW_BITS) : field.bitOffset + field.bitLength
    for (let bit = field.bitOffset; bit < end;) {
      const row = Math.floor(bit / ROW_BITS)
      const column = bit % ROW_BITS
      const span = Math.min(ROW_BITS - column, end - bit)
      const from = bit - field.bitOffset
      const bits = !isPayload && field.raw.length === field.bitLength ? field.raw.slice(from, from + span) : null
      ;(rows[row] ??= []).push({ field, row, column, span, bits, continued: bit > field.bitOffset })
      bit += span
    }
  }
  return rows
}

interface BitLayoutProps {
  fields: FieldAnnotation[]
  /** Shown above the diagram, e.g. "Frame 3 (real, from the wire)". */
  caption?: string
}

/**
 * The RFC 6455 §5.2 base framing diagram drawn from the core's field annotations. Every field
 * is focusable; hovering or focusing it explains its bits, value and meaning below the diagram.
 */
export function BitLayout({ fields, caption }: BitLayoutProps) {
  const [active, setActive] = useState<string | null>(null)
  const rows = layoutRows(fields)
  const current = fields.find((f) => f.id === active) ?? null
  return (
    <figure className="bit-layout">
      {caption && <figcaption>{caption}</figcaption>}
      {/* The RFC's two-line ruler: tens above, units below. */}
      <div className="bit-ruler" aria-hidden="true">
        {Array.from({ length: ROW_BITS }, (_, i) => (
          <span key={i}>{i % 10 === 0 ? i / 10 : ''}</span>
        ))}
        {Array.from({ length: ROW_BITS }, (_, i) => (
          <span key={`u${i}`}>{i % 10}</span>
        ))}
      </div>
      <div className="bit-rows" role="list" aria-label="Frame fields">
        {rows.map((segments, r) => (
          <div className="bit-row" key={r}>
            {segments.map((s) => (
              <div
                key={`${s.field.id}-${s.row}`}
                role="listitem"
                tabIndex={s.continued ? -1 : 0}
                className={`bit-field ${FIELD_CLASS[s.field.id] ?? ''}${s.span < 3 ? ' narrow' : ''}${active === s.field.id ? ' active' : ''}`}
                style={{ gridColumn: `${s.column + 1} / span ${s.span}` }}
                aria-label={`${s.field.label}: ${s.field.valueLabel}. ${s.field.meaning}`}
                title={`${s.field.label} — ${s.field.meaning}`}
                onMouseEnter={() => setActive(s.field.id)}
                onFocus={() => setActive(s.field.id)}
              >
                <span className="bit-label">
                  {s.span < 3 ? (SHORT_LABEL[s.field.id] ?? s.field.label) : s.field.label}
                  {s.continued ? ' (cont.)' : ''}
                </span>
                <SegmentValue segment={s} />
              </div>
            ))}
          </div>
        ))}
      </div>
      <FieldExplanation field={current} />
    </figure>
  )
}

/** Bits in groups of 8 as hex bytes: "0011011111111010" → "37 fa". */
export function bitsToHex(bits: string): string {
  const bytes: string[] = []
  for (let i = 0; i + 8 <= bits.length; i += 8)
    bytes.push(
      parseInt(bits.slice(i, i + 8), 2)
        .toString(16)
        .padStart(2, '0'),
    )
  return bytes.join(' ')
}

/** Multi-byte fields show their bytes in hex beside the bits (masking keys are read in hex). */
const HEX_BESIDE_BITS = new Set(['websocket.masking_key', 'websocket.payload_length_ext_16', 'websocket.payload_length_ext_64'])

function SegmentValue({ segment: s }: { segment: Segment }) {
  // The payload's second row continues the first: its size is said once, on the first.
  if (s.bits === null) return <span className="bit-value">{s.continued ? '…' : s.field.valueLabel}</span>
  if (!HEX_BESIDE_BITS.has(s.field.id)) return <span className="bit-value">{s.bits}</span>
  return (
    <span className="bit-value">
      <span className="bit-hex">{bitsToHex(s.bits)}</span> {s.bits}
    </span>
  )
}

function FieldExplanation({ field }: { field: FieldAnnotation | null }) {
  if (!field) return <p className="bit-explain muted">Hover or focus a field to see its bits, value and meaning.</p>
  return (
    <dl className="bit-explain" aria-live="polite">
      <dt>{field.label}</dt>
      <dd>{field.description}</dd>
      <dt>Position</dt>
      <dd>
        byte {field.byteOffset}, bit {field.bitOffset}, {field.bitLength} bit{field.bitLength === 1 ? '' : 's'}
      </dd>
      <dt>Bits</dt>
      <dd className="mono">{field.raw}</dd>
      <dt>Value</dt>
      <dd>
        <span className="mono">{field.valueLabel}</span> — {field.meaning}
      </dd>
    </dl>
  )
}
