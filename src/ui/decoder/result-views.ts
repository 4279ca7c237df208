/**
 * What the decoder's views show, derived from a decode: pure functions, so components only
 * lay things out and the tests can check the wording and the offsets.
 */
import { writtenPayloadLength, opcodeLabel, type DecodedCapture, type Sender, type FrameRecord } from '../../protocol/index.ts'
import type { EditorHighlight } from '../components/monaco/code-editor-props.ts'
import type { FindingItem } from '../components/findings-list.tsx'
import type { ByteHighlight } from '../components/hex-dump.tsx'
import type { DecodeOutput } from './decode-job.ts'
import { formatByteCount, formatCount } from '../components/format.ts'

export function editorHighlights(output: DecodeOutput): EditorHighlight[] {
  const highlights: EditorHighlight[] = output.findings
    .filter((f) => f.range !== null)
    .map(({ finding, range }) => ({
      start: range!.start,
      end: range!.end,
      severity: finding.severity,
      message: `${finding.message} (${finding.rfc}${finding.closeCode === null ? '' : `; close code ${finding.closeCode}`})`,
    }))
  const { inputError } = output
  if (inputError) highlights.push({ start: inputError.offset, end: inputError.offset + 1, severity: 'error', message: inputError.message })
  if (output.capture?.truncated && output.locations && output.locations.end.length) {
    const end = output.locations.end[output.locations.end.length - 1]
    highlights.push({ start: end, end: end + 1, severity: 'error', message: missingText(output.capture.missingBytes) })
  }
  return highlights
}

export function findingItems(output: DecodeOutput): FindingItem[] {
  return output.findings.map(({ finding, position }) => ({ finding, where: position ? `line ${position.line}, column ${position.column}` : undefined }))
}

export function missingText(n: number): string {
  return `The input ends inside a frame: ${formatCount(n)} more byte${n === 1 ? ' is' : 's are'} needed${n > 0 ? ' (at least)' : ''}.`
}

export interface DecodeSummary {
  frames: number
  messages: number
  errors: number
  warnings: number
  /** Compressed messages: their count, bytes on the wire and after inflating. */
  compressed: { count: number; wire: number; data: number }
  /** Bytes after the point where decoding stopped (after an error or a Close frame). */
  undecoded: number
}

export function summarize(output: DecodeOutput, capture: DecodedCapture): DecodeSummary {
  const compressed = { count: 0, wire: 0, data: 0 }
  for (const m of capture.messages) {
    if (!m.compressed) continue
    compressed.count++
    compressed.wire += m.wireLength
    compressed.data += m.data.length
  }
  return {
    frames: capture.frames.length,
    messages: capture.messages.length,
    errors: output.findings.filter((f) => f.finding.severity === 'error').length,
    warnings: output.findings.filter((f) => f.finding.severity === 'warning').length,
    compressed,
    undecoded: output.bytes.length - capture.consumed,
  }
}

/**
 * When the MASK bit of the first frame contradicts the chosen direction (the core reports it
 * on that frame), the direction the bytes say they come from; null otherwise.
 */
export function maskSuggestsDirection(output: DecodeOutput): Sender | null {
  const error = output.capture?.error
  if (!error || error.offset !== 0) return null
  if (error.code === 'frame.unmasked-client-frame') return 'server'
  if (error.code === 'frame.masked-server-frame') return 'client'
  return null
}

/** "7 → 5 bytes, 71%": wire size against data size. */
export function ratioText(wire: number, data: number): string {
  const percent = data === 0 ? 100 : Math.round((wire / data) * 100)
  return `${formatCount(data)} → ${formatByteCount(wire)} on the wire (${percent}%)`
}

/** The frame's bytes from its first header byte, as far as the input goes. */
export function frameBytes(output: DecodeOutput, frame: FrameRecord): Uint8Array {
  return output.bytes.subarray(frame.offset, frame.offset + frame.headerLength + frame.payloadLength)
}

/** "65,536 bytes", exact even for 64-bit lengths a number would round. */
export function framePayloadText(output: DecodeOutput, frame: FrameRecord): string {
  const written = writtenPayloadLength(output.bytes, frame.offset) ?? BigInt(frame.payloadLength)
  return formatByteCount(written)
}

export function frameFlags(frame: FrameRecord): string {
  const flags = [frame.fin ? 'FIN' : '', frame.rsv1 ? 'RSV1' : '', frame.rsv2 ? 'RSV2' : '', frame.rsv3 ? 'RSV3' : '', frame.masked ? 'MASK' : '']
  return flags.filter(Boolean).join(' ') || '—'
}

export function frameOpcode(frame: FrameRecord): string {
  return opcodeLabel(frame.opcode)
}

/** Findings shown in a hex dump are capped: a dump looks each visible byte up among them. */
const MAX_DUMP_HIGHLIGHTS = 500

/** The input's hex dump marks: findings first (they win), then the chosen frame. */
export function inputHighlights(output: DecodeOutput, frameIndex: number | null): ByteHighlight[] {
  const highlights: ByteHighlight[] = output.findings.slice(0, MAX_DUMP_HIGHLIGHTS).map(({ finding }) => ({
    start: finding.offset,
    end: finding.offset + Math.max(1, finding.length),
    className: finding.severity === 'error' ? 'hl-error' : 'hl-warning',
    label: `${finding.code}: ${finding.message}`,
  }))
  const frame = frameIndex !== null ? output.capture?.frames[frameIndex] : undefined
  if (frame)
    highlights.push({ start: frame.offset, end: frame.offset + frame.headerLength + frame.payloadLength, className: 'hl-frame', label: `frame ${frame.index}` })
  return highlights
}
