/**
 * One decode of the decoder page, as a pure function: the same code runs synchronously for
 * small pastes and in the Web Worker for large ones, and the unit tests call it directly.
 * Findings are mapped back from byte offsets to the paste's text, so the page can mark them
 * in the editor as well as in the hex dumps.
 */
import { decodeCapture, deflateFromExtensions, type DecodedCapture, type DeflateParams, type Finding } from '../../protocol/index.ts'
import { LineIndex, parseInput, textRangeOfBytes, type ByteLocations, type InputError, type TextPosition, type TextRange } from '../../input/index.ts'
import { encodeDecoderQuery, type DecoderQuery, type LinkResult } from './decoder-link.ts'

export interface DecodeRequest extends DecoderQuery {
  /** Bumped per request, so a late answer to an old request is recognised and dropped. */
  id: number
}

export interface LocatedFinding {
  finding: Finding
  /** Where the finding's bytes are in the paste (null when there are no bytes to point at). */
  range: TextRange | null
  position: TextPosition | null
}

export interface DecodeOutput {
  id: number
  input: { format: string; detail: string; byteLength: number } | null
  inputError: InputError | null
  /** Why the extensions value cannot be used, when it cannot; the bytes are then decoded without it. */
  extensionsProblem: string | null
  bytes: Uint8Array
  locations: ByteLocations | null
  /** The core's decode of the bytes; null when there are none (an empty or unreadable paste). */
  capture: DecodedCapture | null
  /** The capture's findings, each placed in the paste. */
  findings: LocatedFinding[]
  link: LinkResult
}

export type DecodeProgress = { phase: 'reading' | 'decoding' | 'linking'; fraction: number }

/** Bytes pushed into the decoder between progress reports. */
const CHUNK = 256 * 1024

export function runDecodeJob(request: DecodeRequest, onProgress: (p: DecodeProgress) => void = () => {}): DecodeOutput {
  const { params, problem } = deflateFromExtensions(request.extensions)
  const output: DecodeOutput = {
    id: request.id,
    input: null,
    inputError: null,
    extensionsProblem: problem,
    bytes: new Uint8Array(0),
    locations: null,
    capture: null,
    findings: [],
    link: { query: '', problem: null },
  }
  onProgress({ phase: 'reading', fraction: 0 })
  if (request.text.trim() !== '') {
    const parsed = parseInput(request.text, request.format, { locate: true })
    if (parsed.ok) {
      const { bytes, locations, format, detail } = parsed.value
      output.input = { format, detail, byteLength: bytes.length }
      output.bytes = bytes
      output.locations = locations ?? null
      decodeBytes(request, params, output, onProgress)
    } else {
      output.inputError = parsed.error
    }
  }
  onProgress({ phase: 'linking', fraction: 1 })
  output.link = encodeDecoderQuery(request)
  return output
}

function decodeBytes(request: DecodeRequest, params: DeflateParams | null, output: DecodeOutput, onProgress: (p: DecodeProgress) => void): void {
  const capture = decodeCapture(
    output.bytes,
    { from: request.from, chunkSize: CHUNK, onProgress: (decoded, total) => onProgress({ phase: 'decoding', fraction: decoded / total }) },
    params,
  )
  const lines = new LineIndex(request.text)
  output.capture = capture
  output.findings = capture.findings.map((finding) => locateFinding(finding, output.locations, lines))
}

function locateFinding(finding: Finding, locations: ByteLocations | null, lines: LineIndex): LocatedFinding {
  if (!locations) return { finding, range: null, position: null }
  const range = textRangeOfBytes(locations, finding.offset, finding.offset + finding.length)
  return { finding, range, position: lines.locate(range.start) }
}
