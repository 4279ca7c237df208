import { create } from 'zustand'
import {
  decodeCapture,
  decodeFrameHeader,
  encodeFrame,
  isValidUtf8,
  mask,
  minimalLengthBits,
  toHex,
  utf8Decode,
  utf8Encode,
  type Finding,
  type FrameHeader,
  type LengthBits,
} from '../../protocol/index.ts'
import { parseInput } from '../../input/index.ts'

export type LengthForm = 'minimal' | LengthBits

/** The header bits as the core names them, and the rest as typed into the builder. */
export interface BuilderFields extends Pick<FrameHeader, 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'opcode' | 'masked'> {
  /** The masking key as 8 hex digits. */
  maskKey: string
  payloadMode: 'text' | 'hex'
  /** The payload as typed: text, or hex when payloadMode is 'hex'. */
  payload: string
  lengthForm: LengthForm
}

interface FrameBuilderState {
  fields: BuilderFields
  /** The frame's bytes as hex text (what the bytes box shows, possibly mid-edit). */
  bytesText: string
  /** The last valid frame. */
  bytes: Uint8Array
  /** Why the fields or the edited bytes do not make a frame; the last valid frame stays. */
  problem: string | null
  /** What the core's decoder says about the frame (a reserved opcode, RSV bits, …). */
  findings: Finding[]
  setFields: (change: Partial<BuilderFields>) => void
  setBytesText: (text: string) => void
  randomKey: () => void
  /** A payload of exactly `size` bytes, to see the 7 / 16 / 64-bit length switch. */
  setPayloadSize: (size: number) => void
}

const INITIAL: BuilderFields = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 1,
  masked: true,
  // RFC 6455 §5.7's example key.
  maskKey: '37fa213d',
  payloadMode: 'text',
  payload: 'Hello',
  lengthForm: 'minimal',
}

/** Hex, 16 bytes a line, as the bytes box shows it. */
export function formatBytes(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let i = 0; i < bytes.length; i += 16) lines.push(toHex(bytes.subarray(i, i + 16), ' '))
  return lines.join('\n')
}

function payloadBytes(fields: BuilderFields): Uint8Array {
  if (fields.payloadMode === 'text') return utf8Encode(fields.payload)
  if (fields.payload.trim() === '') return new Uint8Array(0)
  const parsed = parseInput(fields.payload, 'hex')
  if (!parsed.ok) throw new Error(`payload: ${parsed.error.message}`)
  return parsed.value.bytes
}

/** Fields → bytes, with encodeFrame; throws with a message when the fields cannot make a frame. */
export function encodeFields(fields: BuilderFields): Uint8Array {
  if (!/^[0-9a-fA-F]{8}$/.test(fields.maskKey)) throw new Error('the masking key needs exactly 8 hex digits (4 bytes)')
  const payload = payloadBytes(fields)
  return encodeFrame({
    fin: fields.fin,
    rsv1: fields.rsv1,
    rsv2: fields.rsv2,
    rsv3: fields.rsv3,
    opcode: fields.opcode,
    payload,
    mask: fields.masked ? parseInt(fields.maskKey, 16) : false,
    lengthBits: fields.lengthForm === 'minimal' ? undefined : fields.lengthForm,
  })
}

/**
 * Bytes → fields, with parseInput and decodeFrameHeader. The payload keeps the current mode
 * when it can (text stays text if the bytes are UTF-8). Throws with a specific message when the
 * bytes are not exactly one frame.
 */
export function decodeBytes(text: string, current: BuilderFields): { fields: BuilderFields; bytes: Uint8Array } {
  const parsed = parseInput(text, 'auto')
  if (!parsed.ok) throw new Error(parsed.error.message)
  const bytes = parsed.value.bytes
  const decoded = decodeFrameHeader(bytes)
  if (!decoded.ok) throw new Error(`a frame header needs ${decoded.needed} bytes here; there ${bytes.length === 1 ? 'is 1' : `are ${bytes.length}`}`)
  const { header, headerLength } = decoded
  const end = headerLength + header.payloadLength
  if (bytes.length < end) {
    throw new Error(
      `the header announces ${header.payloadLength.toLocaleString('en')} payload bytes, but only ${(bytes.length - headerLength).toLocaleString('en')} follow it (${(end - bytes.length).toLocaleString('en')} missing)`,
    )
  }
  if (bytes.length > end) throw new Error(`${bytes.length - end} bytes follow the end of the frame; the builder holds one frame`)
  const wire = bytes.subarray(headerLength, end)
  const payload = header.maskingKey === null ? wire : mask(wire, header.maskingKey)
  const asText = current.payloadMode === 'text' && isValidUtf8(payload)
  const { fin, rsv1, rsv2, rsv3, opcode, masked } = header
  const fields: BuilderFields = {
    fin,
    rsv1,
    rsv2,
    rsv3,
    opcode,
    masked,
    maskKey: header.maskingKey === null ? current.maskKey : header.maskingKey.toString(16).padStart(8, '0'),
    payloadMode: asText ? 'text' : 'hex',
    payload: asText ? utf8Decode(payload) : toHex(payload, ' '),
    lengthForm: header.lengthBits === minimalLengthBits(header.payloadLength) ? 'minimal' : header.lengthBits,
  }
  return { fields, bytes }
}

/** How the built frame writes its length (7, 16 or 64 bits). */
export function lengthBitsOf(bytes: Uint8Array): LengthBits | null {
  const decoded = decodeFrameHeader(bytes)
  return decoded.ok ? decoded.header.lengthBits : null
}

function findingsOf(bytes: Uint8Array, masked: boolean): Finding[] {
  return decodeCapture(bytes, { from: masked ? 'client' : 'server' }).findings
}

/** A filler of exactly `size` bytes that still reads as text. */
function filler(size: number): string {
  const phrase = 'Hello, WebSocket! '
  return phrase.repeat(Math.ceil(size / phrase.length)).slice(0, size)
}

function fromFields(fields: BuilderFields, previous: FrameBuilderState) {
  try {
    const bytes = encodeFields(fields)
    return { fields, bytes, bytesText: formatBytes(bytes), problem: null, findings: findingsOf(bytes, fields.masked) }
  } catch (e) {
    return { fields, bytes: previous.bytes, bytesText: previous.bytesText, problem: (e as Error).message, findings: previous.findings }
  }
}

const initialBytes = encodeFields(INITIAL)

/** The frame builder: fields and bytes bound both ways, through the core's encoder and header decoder. */
export const useFrameBuilderStore = create<FrameBuilderState>()((set, get) => ({
  fields: INITIAL,
  bytesText: formatBytes(initialBytes),
  bytes: initialBytes,
  problem: null,
  findings: findingsOf(initialBytes, true),
  setFields: (change) => set(fromFields({ ...get().fields, ...change }, get())),
  setBytesText: (text) => {
    try {
      const { fields, bytes } = decodeBytes(text, get().fields)
      set({ bytesText: text, fields, bytes, problem: null, findings: findingsOf(bytes, fields.masked) })
    } catch (e) {
      set({ bytesText: text, problem: `These bytes are not one frame: ${(e as Error).message}` })
    }
  },
  randomKey: () => get().setFields({ maskKey: toHex(crypto.getRandomValues(new Uint8Array(4))), masked: true }),
  setPayloadSize: (size) => get().setFields({ payloadMode: 'text', payload: filler(size), lengthForm: 'minimal' }),
}))
