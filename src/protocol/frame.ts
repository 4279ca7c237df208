/**
 * The RFC 6455 §5.2 base framing header as values, and its exact byte form.
 * `encodeFrameHeader` and `decodeFrameHeader` (frame-parser.ts, which owns the one reading of
 * header bytes) are inverses, including a non-minimal length encoding.
 */
export type LengthBits = 7 | 16 | 64

export interface FrameHeader {
  fin: boolean
  rsv1: boolean
  rsv2: boolean
  rsv3: boolean
  opcode: number
  masked: boolean
  /** The 32-bit masking key as a big-endian number, or null when MASK is 0. */
  maskingKey: number | null
  payloadLength: number
  /** How the length is written: in the 7-bit field, or 126 + 16 bits, or 127 + 64 bits. */
  lengthBits: LengthBits
}

/** The largest length JavaScript can carry exactly (2^53 - 1); longer frames are refused (1009). */
export const MAX_SAFE_PAYLOAD_LENGTH = Number.MAX_SAFE_INTEGER

/** The encoding RFC 6455 §5.2 requires: "the minimal number of bytes MUST be used". */
export function minimalLengthBits(payloadLength: number): LengthBits {
  if (payloadLength <= 125) return 7
  if (payloadLength <= 0xffff) return 16
  return 64
}

export function headerLengthFor(lengthBits: LengthBits, masked: boolean): number {
  return 2 + (lengthBits === 7 ? 0 : lengthBits === 16 ? 2 : 8) + (masked ? 4 : 0)
}

/**
 * The payload length exactly as the header writes it. A number carries lengths up to 2^53
 * exactly; a 64-bit length past that (e.g. all ones, 18,446,744,073,709,551,615) needs a
 * bigint. Null when the bytes end before the length does.
 */
export function writtenPayloadLength(bytes: Uint8Array, offset = 0): bigint | null {
  if (bytes.length < offset + 2) return null
  const len7 = bytes[offset + 1]! & 0x7f
  if (len7 < 126) return BigInt(len7)
  const width = len7 === 126 ? 2 : 8
  if (bytes.length < offset + 2 + width) return null
  let length = 0n
  for (let i = 0; i < width; i++) length = (length << 8n) | BigInt(bytes[offset + 2 + i]!)
  return length
}

/** Header length implied by the second header byte alone (MASK bit and 7-bit length). */
export function headerLengthFromSecondByte(byte1: number): number {
  const len7 = byte1 & 0x7f
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (byte1 & 0x80 ? 4 : 0)
}

export function encodeFrameHeader(header: FrameHeader): Uint8Array {
  const { lengthBits, payloadLength } = header
  if (lengthBits === 7 && payloadLength > 125) throw new RangeError('a 7-bit length holds at most 125')
  if (lengthBits === 16 && payloadLength > 0xffff) throw new RangeError('a 16-bit length holds at most 65535')
  const out = new Uint8Array(headerLengthFor(lengthBits, header.masked))
  out[0] = (header.fin ? 0x80 : 0) | (header.rsv1 ? 0x40 : 0) | (header.rsv2 ? 0x20 : 0) | (header.rsv3 ? 0x10 : 0) | (header.opcode & 0x0f)
  const len7 = lengthBits === 7 ? payloadLength : lengthBits === 16 ? 126 : 127
  out[1] = (header.masked ? 0x80 : 0) | len7
  let p = 2
  if (lengthBits === 16) {
    out[2] = payloadLength >>> 8
    out[3] = payloadLength & 0xff
    p = 4
  } else if (lengthBits === 64) {
    const high = Math.floor(payloadLength / 2 ** 32)
    const low = payloadLength >>> 0
    writeUint32(out, 2, high)
    writeUint32(out, 6, low)
    p = 10
  }
  if (header.masked) writeUint32(out, p, header.maskingKey ?? 0)
  return out
}

export function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24
  bytes[offset + 1] = (value >>> 16) & 0xff
  bytes[offset + 2] = (value >>> 8) & 0xff
  bytes[offset + 3] = value & 0xff
}
