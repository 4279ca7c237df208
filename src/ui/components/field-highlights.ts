import type { FrameAnnotation } from '../../protocol/index.ts'
import { FIELD_CLASS } from './bit-layout.tsx'
import type { ByteHighlight } from './hex-dump.tsx'

/**
 * The byte ranges of a frame's fields for a hex dump, in the bit layout's colours. The first
 * two bytes hold several small fields each, so they are named by their groups.
 */
export function fieldHighlights(annotation: FrameAnnotation, baseOffset = 0): ByteHighlight[] {
  const highlights: ByteHighlight[] = [
    { start: 0, end: 1, className: FIELD_CLASS['websocket.opcode'], label: 'FIN, RSV1–3 and opcode' },
    { start: 1, end: 2, className: FIELD_CLASS['websocket.payload_length'], label: 'MASK and payload length' },
  ]
  for (const f of annotation.fields) {
    if (f.bitOffset < 16) continue
    const start = f.byteOffset - baseOffset
    highlights.push({ start, end: start + Math.max(1, Math.ceil(f.bitLength / 8)), className: FIELD_CLASS[f.id], label: f.label })
  }
  return highlights
}
