import { FRAME_FIELDS, type FieldContext, type FrameField } from './frame-fields.ts'
import { writtenPayloadLength, type FrameHeader } from './frame.ts'
import { decodeFrameHeader } from './frame-parser.ts'
import { applyMask } from './mask.ts'
import { byteHex, maskingKeyBytes, toHex } from './bytes.ts'
import { hexPreview } from './message-preview.ts'

/** One field of one frame, located to the bit, with its value and what it means. */
export interface FieldAnnotation {
  id: string
  label: string
  /** Offset of the field's first byte (from the frame start, plus `baseOffset`). */
  byteOffset: number
  /** Offset of the field's first bit from the frame start (bit 0 = FIN). */
  bitOffset: number
  bitLength: number
  /** The raw bits ('1', '0001', …) for fields up to 64 bits; hex for the payload. */
  raw: string
  value: number
  /** A label for the value (e.g. 'text' for opcode 1). */
  valueLabel: string
  meaning: string
  description: string
}

export interface FrameAnnotation {
  header: FrameHeader
  headerLength: number
  fields: FieldAnnotation[]
  /** Payload bytes present in the input (fewer than payloadLength when truncated). */
  rawPayload: Uint8Array
  /** The payload after XOR with the masking key (the same bytes when unmasked). */
  unmaskedPayload: Uint8Array
  truncated: boolean
}

export interface AnnotateOptions {
  /** Added to byte offsets, to place the frame in a larger capture. */
  baseOffset?: number
  deflate?: boolean
}

/**
 * Annotates the frame at the start of `bytes` field by field. Returns null when the bytes
 * hold less than a whole header.
 */
export function annotateFrame(bytes: Uint8Array, options: AnnotateOptions = {}): FrameAnnotation | null {
  const decoded = decodeFrameHeader(bytes, 0)
  if (!decoded.ok) return null
  const { header, headerLength } = decoded
  const base = options.baseOffset ?? 0
  const payloadEnd = Math.min(bytes.length, headerLength + header.payloadLength)
  const rawPayload = bytes.subarray(headerLength, payloadEnd)
  const unmaskedPayload = new Uint8Array(rawPayload.length)
  if (header.maskingKey === null) unmaskedPayload.set(rawPayload)
  else applyMask(rawPayload, 0, rawPayload.length, header.maskingKey, 0, unmaskedPayload, 0)
  const lengthText = `${(writtenPayloadLength(bytes) ?? 0n).toLocaleString('en')} byte${header.payloadLength === 1 ? '' : 's'}`
  const context: FieldContext = { deflate: options.deflate ?? false, payloadLength: header.payloadLength, lengthText, masked: header.masked }

  const fields: FieldAnnotation[] = []
  let cursor = 2
  for (const field of FRAME_FIELDS) {
    const located = locate(field, bytes, header, cursor, lengthText)
    if (!located) continue
    cursor = located.byteOffset + Math.ceil(located.bitLength / 8)
    fields.push({
      id: field.id,
      label: field.label,
      byteOffset: base + located.byteOffset,
      bitOffset: located.bitOffset,
      bitLength: located.bitLength,
      raw: located.raw,
      value: located.value,
      valueLabel: located.valueLabel ?? field.values?.[located.value] ?? String(located.value),
      meaning: field.meaning(located.value, context),
      description: field.description,
    })
  }
  return {
    header,
    headerLength,
    fields,
    rawPayload,
    unmaskedPayload,
    truncated: rawPayload.length < header.payloadLength,
  }
}

interface Located {
  byteOffset: number
  bitOffset: number
  bitLength: number
  raw: string
  value: number
  valueLabel?: string
}

/** Where a table field sits in this frame, or null when the frame does not have it. */
function locate(field: FrameField, bytes: Uint8Array, header: FrameHeader, cursor: number, lengthText: string): Located | null {
  switch (field.part) {
    case 'bits': {
      const byte = field.byte!
      const mask = field.mask!
      const shift = 31 - Math.clz32(mask & -mask)
      const width = 32 - Math.clz32(mask) - shift
      const value = (bytes[byte]! & mask) >>> shift
      return {
        byteOffset: byte,
        bitOffset: byte * 8 + (8 - shift - width),
        bitLength: width,
        raw: value.toString(2).padStart(width, '0'),
        value,
      }
    }
    case 'extended-length-16':
    case 'extended-length-64': {
      const bits = field.part === 'extended-length-16' ? 16 : 64
      if (header.lengthBits !== bits) return null
      return {
        byteOffset: 2,
        bitOffset: 16,
        bitLength: bits,
        raw: bitsOf(bytes.subarray(2, 2 + bits / 8)),
        value: header.payloadLength,
        valueLabel: lengthText,
      }
    }
    case 'masking-key': {
      if (header.maskingKey === null) return null
      return {
        byteOffset: cursor,
        bitOffset: cursor * 8,
        bitLength: 32,
        raw: bitsOf(maskingKeyBytes(header.maskingKey)),
        // Hex first (how tools print keys), the bits after it.
        value: header.maskingKey,
        valueLabel: toHex(maskingKeyBytes(header.maskingKey), ' '),
      }
    }
    case 'payload': {
      const present = Math.max(0, Math.min(bytes.length - cursor, header.payloadLength))
      return {
        byteOffset: cursor,
        bitOffset: cursor * 8,
        bitLength: header.payloadLength * 8,
        raw: present > 0 ? hexPreview(bytes.subarray(cursor, cursor + present), 64) : '',
        value: header.payloadLength,
        valueLabel: `${lengthText}${present < header.payloadLength ? ` (${present.toLocaleString('en')} present)` : ''}`,
      }
    }
  }
}

function bitsOf(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(2).padStart(8, '0')
  return out
}

/** One step of unmasking for display: payload byte i XOR key byte i mod 4. */
export interface MaskStep {
  index: number
  masked: string
  key: string
  unmasked: string
}

export function maskSteps(rawPayload: Uint8Array, maskingKey: number, limit = 64): MaskStep[] {
  const key = maskingKeyBytes(maskingKey)
  const steps: MaskStep[] = []
  for (let i = 0; i < Math.min(limit, rawPayload.length); i++) {
    steps.push({ index: i, masked: byteHex(rawPayload[i]!), key: byteHex(key[i & 3]!), unmasked: byteHex(rawPayload[i]! ^ key[i & 3]!) })
  }
  return steps
}
