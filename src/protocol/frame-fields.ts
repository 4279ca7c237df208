import { opcodeLabel, opcodeMeaning } from './opcodes.ts'

/**
 * The RFC 6455 §5.2 base framing as one declarative table, like Wireshark's hf_register_info
 * for packet-websocket.c: every annotated view (CLI, inspector, decoder, frame builder) is
 * drawn from it, so a label or meaning is written once.
 */
export type FieldPart = 'bits' | 'extended-length-16' | 'extended-length-64' | 'masking-key' | 'payload'

export interface FrameField {
  /** Wireshark-style field id. */
  id: string
  label: string
  part: FieldPart
  /** For 'bits' fields: which header byte and which bits of it. */
  byte?: number
  mask?: number
  /** Labels for particular values. */
  values?: Record<number, string>
  /** What the field is, in one line. */
  description: string
  /** The meaning of one value of the field, in one line. */
  meaning: (value: number, context: FieldContext) => string
}

export interface FieldContext {
  /** Whether permessage-deflate was negotiated (gives RSV1 a meaning). */
  deflate: boolean
  payloadLength: number
  /** The length exactly as written, formatted ("65,536 bytes"): a number rounds 64-bit lengths past 2^53. */
  lengthText: string
  masked: boolean
}

const bit = (value: number) => (value ? 'set (1)' : 'clear (0)')

export const FRAME_FIELDS: readonly FrameField[] = [
  {
    id: 'websocket.fin',
    label: 'FIN',
    part: 'bits',
    byte: 0,
    mask: 0x80,
    values: { 0: 'more fragments follow', 1: 'final fragment' },
    description: 'Final fragment: 1 when this frame ends its message.',
    meaning: (v) => (v ? 'final fragment: this frame ends the message' : 'not final: more fragments of this message follow'),
  },
  {
    id: 'websocket.rsv1',
    label: 'RSV1',
    part: 'bits',
    byte: 0,
    mask: 0x40,
    description: 'Reserved bit 1; permessage-deflate uses it to mark a compressed message.',
    meaning: (v, c) =>
      v
        ? c.deflate
          ? 'set: the message is compressed (permessage-deflate, RFC 7692)'
          : 'set without a negotiated extension: a protocol error'
        : c.deflate
          ? 'clear: not compressed (or a continuation frame)'
          : 'clear, as required without extensions',
  },
  {
    id: 'websocket.rsv2',
    label: 'RSV2',
    part: 'bits',
    byte: 0,
    mask: 0x20,
    description: 'Reserved bit 2; must be 0 unless an extension defines it.',
    meaning: (v) => (v ? 'set, but no extension defines it: a protocol error' : bit(v)),
  },
  {
    id: 'websocket.rsv3',
    label: 'RSV3',
    part: 'bits',
    byte: 0,
    mask: 0x10,
    description: 'Reserved bit 3; must be 0 unless an extension defines it.',
    meaning: (v) => (v ? 'set, but no extension defines it: a protocol error' : bit(v)),
  },
  {
    id: 'websocket.opcode',
    label: 'Opcode',
    part: 'bits',
    byte: 0,
    mask: 0x0f,
    values: { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' },
    description: 'What the payload is: continuation, text, binary, close, ping or pong.',
    meaning: (v) => `${opcodeLabel(v)}: ${opcodeMeaning(v)}`,
  },
  {
    id: 'websocket.mask',
    label: 'MASK',
    part: 'bits',
    byte: 1,
    mask: 0x80,
    description: 'Whether the payload is masked; clients must mask, servers must not.',
    meaning: (v) => (v ? 'masked: a 4-byte masking key follows (client-to-server frames)' : 'not masked (server-to-client frames)'),
  },
  {
    id: 'websocket.payload_length',
    label: 'Payload len',
    part: 'bits',
    byte: 1,
    mask: 0x7f,
    description: 'Payload length 0–125, or 126/127 to announce a 16/64-bit extended length.',
    meaning: (v, c) =>
      v === 126
        ? `126: the length (${c.lengthText}) is in the next 16 bits`
        : v === 127
          ? `127: the length (${c.lengthText}) is in the next 64 bits`
          : `${v} byte${v === 1 ? '' : 's'} of payload`,
  },
  {
    id: 'websocket.payload_length_ext_16',
    label: 'Extended payload length (16)',
    part: 'extended-length-16',
    description: 'The payload length for 126 to 65,535 bytes, big-endian.',
    meaning: (v, c) => `${c.lengthText} of payload${v <= 125 ? ' (could have used the 7-bit field: not minimal)' : ''}`,
  },
  {
    id: 'websocket.payload_length_ext_64',
    label: 'Extended payload length (64)',
    part: 'extended-length-64',
    description: 'The payload length for 65,536 bytes and more, big-endian; the top bit must be 0.',
    meaning: (v, c) => `${c.lengthText} of payload${v <= 0xffff ? ' (could have used a shorter form: not minimal)' : ''}`,
  },
  {
    id: 'websocket.masking_key',
    label: 'Masking-key',
    part: 'masking-key',
    description: 'Four random bytes the client XORs with the payload (RFC 6455 §5.3).',
    meaning: () => 'payload byte i is XORed with key byte i mod 4',
  },
  {
    id: 'websocket.payload',
    label: 'Payload data',
    part: 'payload',
    description: 'Extension data followed by application data.',
    meaning: (_v, c) => `${c.lengthText}${c.masked ? ', masked on the wire' : ''}`,
  },
]
