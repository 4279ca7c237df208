/**
 * One decode of the decoder page, as a pure function: the same code runs synchronously for
 * small pastes and in the Web Worker for large ones, and the unit tests call it directly.
 * Findings are mapped back from byte offsets to the paste's text, so the page can mark them
 * in the editor as well as in the hex dumps.
 */
import {
  decodeCapture,
  deflateFromExtensions,
  LineIndex,
  parseInput,
  textRangeOfBytes,
  type ByteLocations,
  type DeflateParams,
  type Finding,
  type FrameRecord,
  type InputError,
  type MessageRecord,
  type TextInputFormat,
  type TextPosition,
  type TextRange,
} from '../../protocol/index.ts'
import { encodeDecoderQuery, type DecoderQuery, type LinkResult } from './decoder-link.ts'

export type Direction = 'client' | 'server'

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
  frames: FrameRecord[]
  messages: MessageRecord[]
  findings: LocatedFinding[]
  error: Finding | null
  truncated: boolean
  missingBytes: number
  /** Bytes decoded before decoding stopped (an error or a Close frame). */
  consumed: number
  deflate: boolean
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
    frames: [],
    messages: [],
    findings: [],
    error: null,
    truncated: false,
    missingBytes: 0,
    consumed: 0,
    deflate: params !== null,
    link: { query: '', problem: null },
  }
  onProgress({ phase: 'reading', fraction: 0 })
  if (request.text.trim() !== '') {
    const parsed = parseInput(request.text, request.format, { locate: true })
    if (parsed.ok) {
      const { bytes, locations, format, detail } = parsed.input
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
  Object.assign(output, {
    frames: capture.frames,
    messages: capture.messages,
    findings: capture.findings.map((finding) => locateFinding(finding, output.locations, lines)),
    error: capture.error,
    truncated: capture.truncated,
    missingBytes: capture.missingBytes,
    consumed: capture.consumed,
  })
}

function locateFinding(finding: Finding, locations: ByteLocations | null, lines: LineIndex): LocatedFinding {
  if (!locations) return { finding, range: null, position: null }
  const range = textRangeOfBytes(locations, finding.offset, finding.offset + finding.length)
  return { finding, range, position: lines.locate(range.start) }
}
