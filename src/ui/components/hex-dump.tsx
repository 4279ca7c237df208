import { useEffect, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { byteHex } from '../../protocol/index.ts'
import './hex-dump.css'

export interface ByteHighlight {
  /** Byte range [start, end) relative to `bytes`. */
  start: number
  end: number
  /** A colour class (e.g. a FIELD_CLASS entry or 'hl-error'). */
  className: string
  label: string
}

interface HexDumpProps {
  bytes: Uint8Array
  /** Offset shown for bytes[0] (a frame's place in its stream). */
  baseOffset?: number
  highlights?: ByteHighlight[]
  /** Height of the scroll area in rows; long dumps are virtualised. */
  maxRows?: number
  ariaLabel?: string
  /** A byte (index into `bytes`) to scroll into view whenever it changes. */
  revealOffset?: number | null
}

const PER_LINE = 16
const ROW_HEIGHT = 19

/**
 * A classic offset / hex / ASCII dump. Only the visible lines are rendered, so a 10 MB
 * payload scrolls as smoothly as a 10-byte one. Bytes are text, never HTML.
 */
export function HexDump({ bytes, baseOffset = 0, highlights = [], maxRows = 16, ariaLabel = 'Hex dump', revealOffset = null }: HexDumpProps) {
  const scroller = useRef<HTMLDivElement>(null)
  const lines = Math.ceil(bytes.length / PER_LINE)
  const virtualizer = useVirtualizer({ count: lines, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 })
  useEffect(() => {
    if (revealOffset !== null && revealOffset >= 0 && revealOffset < bytes.length)
      virtualizer.scrollToIndex(Math.floor(revealOffset / PER_LINE), { align: 'auto' })
  }, [revealOffset, bytes, virtualizer])
  const highlightAt = (i: number) => highlights.find((h) => i >= h.start && i < h.end)
  const offsetWidth = Math.max(4, (baseOffset + bytes.length).toString(16).length)
  if (bytes.length === 0) return <p className="hex-dump-empty muted">(no bytes)</p>
  return (
    <div ref={scroller} className="hex-dump" role="region" aria-label={ariaLabel} tabIndex={0} style={{ maxHeight: maxRows * ROW_HEIGHT + 2 }}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const start = row.index * PER_LINE
          const end = Math.min(bytes.length, start + PER_LINE)
          const cells = []
          const ascii = []
          for (let i = start; i < end; i++) {
            const h = highlightAt(i)
            const b = bytes[i]
            cells.push(
              <span key={i} className={`hex-byte${h ? ` ${h.className}` : ''}`} title={h ? `${h.label} (byte ${baseOffset + i})` : `byte ${baseOffset + i}`}>
                {byteHex(b)}
              </span>,
            )
            ascii.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')
          }
          return (
            <div key={row.key} className="hex-line" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
              <span className="hex-offset">{(baseOffset + start).toString(16).padStart(offsetWidth, '0')}</span>
              <span className="hex-bytes">{cells}</span>
              <span className="hex-ascii">{ascii.join('')}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
