import { annotateFrame, decodeFrameHeader, writtenPayloadLength } from '../../protocol/index.ts'
import { BitLayout } from './bit-layout.tsx'
import { HexDump, type ByteHighlight } from './hex-dump.tsx'
import { MaskTable } from './mask-table.tsx'
import { fieldHighlights } from './field-highlights.ts'
import { formatByteCount, formatCount } from './format.ts'

interface FrameCardProps {
  /** The frame's bytes from its first header byte (fewer than the whole frame when the input cuts it short). */
  bytes: Uint8Array
  /** Where the frame starts in its stream: offsets are shown from there. */
  baseOffset?: number
  /** Whether permessage-deflate was negotiated (it gives RSV1 its meaning). */
  deflate?: boolean
  caption?: string
  /** More ranges to mark, relative to `bytes` (e.g. a finding); they win over the field colours. */
  highlights?: ByteHighlight[]
  /** Height of the hex dump, in rows. */
  maxRows?: number
}

/** One frame in full: the RFC 6455 §5.2 bit layout, its bytes in the same colours, and the masking XOR. */
export function FrameCard({ bytes, baseOffset = 0, deflate = false, caption, highlights = [], maxRows = 8 }: FrameCardProps) {
  const annotation = annotateFrame(bytes, { baseOffset, deflate })
  if (!annotation) {
    const decoded = decodeFrameHeader(bytes)
    const needed = decoded.ok ? 0 : decoded.needed
    return (
      <div className="frame-card">
        <p className="error">
          {bytes.length} byte{bytes.length === 1 ? '' : 's'}: not a whole frame header, which needs {needed} here ({needed - bytes.length} missing).
        </p>
        <HexDump bytes={bytes} baseOffset={baseOffset} highlights={highlights} maxRows={maxRows} ariaLabel="Frame bytes" />
      </div>
    )
  }
  const { header, rawPayload } = annotation
  const written = writtenPayloadLength(bytes) ?? BigInt(header.payloadLength)
  return (
    <div className="frame-card">
      <BitLayout fields={annotation.fields} caption={caption} />
      <h3>Bytes</h3>
      <HexDump
        bytes={bytes}
        baseOffset={baseOffset}
        highlights={[...highlights, ...fieldHighlights(annotation, baseOffset)]}
        maxRows={maxRows}
        ariaLabel="Frame bytes"
      />
      {annotation.truncated && (
        <p className="error">
          The input ends inside this frame: {formatCount(rawPayload.length)} of {formatByteCount(written)} of payload are present,{' '}
          {formatCount(written - BigInt(rawPayload.length))} missing.
        </p>
      )}
      {header.rsv1 && deflate && <p className="muted">RSV1 is set: these payload bytes are the compressed message; its payload view shows it inflated.</p>}
      {header.maskingKey !== null && rawPayload.length > 0 && <MaskTable rawPayload={rawPayload} maskingKey={header.maskingKey} />}
    </div>
  )
}
