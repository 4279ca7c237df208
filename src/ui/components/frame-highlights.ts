import type { FieldAnnotation } from '../../protocol/index.ts'
import { FIELD_CLASS } from './bit-layout.tsx'
import type { ByteHighlight } from './hex-dump.tsx'

/**
 * Hex-dump highlights for a frame's fields, in the bit layout's colours: whole-byte fields
 * (lengths, masking key, payload) and the first two header bytes, which pack FIN to length.
 * `baseOffset` is what the annotation added to its byte offsets.
 */
export function frameHighlights(fields: readonly FieldAnnotation[], baseOffset = 0): ByteHighlight[] {
  const highlights: ByteHighlight[] = [
    { start: 0, end: 1, className: FIELD_CLASS['websocket.opcode'], label: 'FIN, RSV1–3, opcode' },
    { start: 1, end: 2, className: FIELD_CLASS['websocket.payload_length'], label: 'MASK, payload length' },
  ]
  for (const f of fields) {
    if (f.bitLength < 8 && f.id !== 'websocket.payload') continue
    const start = f.byteOffset - baseOffset
    highlights.push({ start, end: start + Math.max(1, Math.ceil(f.bitLength / 8)), className: FIELD_CLASS[f.id], label: f.label })
  }
  return highlights
}
