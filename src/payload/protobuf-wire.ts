import { isPrintable } from './payload-input.ts'
import { bigintValue, binaryValue } from './json-value.ts'
import type { JsonValue, PayloadError } from './types.ts'

/**
 * The protobuf wire format read without a schema: field numbers, wire types, and for
 * length-delimited fields a guess (a nested message when it parses exactly, else text, else
 * bytes). Hand-written because protobufjs needs a schema to read anything.
 */
const MAX_DEPTH = 16
const MAX_FIELD = 2 ** 29 - 1
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

export interface WireMessage {
  /** Field number → values in order (one or more). */
  fields: Map<number, JsonValue[]>
  count: number
  /** Where reading stopped (after a group's end tag, for groups). */
  end: number
}

export function readWireMessage(b: Uint8Array): { message: WireMessage | null; error: PayloadError | null } {
  try {
    return { message: readMessage(b, 0, b.length, 0, null), error: null }
  } catch (e) {
    if (e instanceof WireError) return { message: null, error: { message: e.message, offset: e.offset } }
    throw e
  }
}

/** The JSON view: `{"1": 150, "2": ["a", "b"]}` (repeated fields become arrays). */
export function wireValue(m: WireMessage): JsonValue {
  const out: Record<string, JsonValue> = {}
  for (const [field, values] of m.fields) out[String(field)] = values.length === 1 ? values[0] : values
  return out
}

function readVarint(b: Uint8Array, pos: number, end: number): [bigint | number, number] {
  let result = 0
  let shift = 0
  let i = pos
  for (; i < end && i - pos < 10; i++) {
    const byte = b[i]
    if (shift < 49) result += (byte & 0x7f) * 2 ** shift
    else return readBigVarint(b, pos, end)
    shift += 7
    if ((byte & 0x80) === 0) return [result, i + 1]
  }
  throw new WireError(i - pos >= 10 ? 'varint longer than 10 bytes' : 'varint cut short', pos)
}

function readBigVarint(b: Uint8Array, pos: number, end: number): [bigint, number] {
  let result = 0n
  for (let i = pos, shift = 0n; i < end && i - pos < 10; i++, shift += 7n) {
    result |= BigInt(b[i] & 0x7f) << shift
    if ((b[i] & 0x80) === 0) return [BigInt.asUintN(64, result), i + 1]
  }
  throw new WireError('varint cut short', pos)
}

function readMessage(b: Uint8Array, start: number, end: number, depth: number, endGroup: number | null): WireMessage {
  const fields = new Map<number, JsonValue[]>()
  let count = 0
  let pos = start
  while (pos < end) {
    const tagAt = pos
    const [tagRaw, afterTag] = readVarint(b, pos, end)
    const tag = Number(tagRaw)
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    if (field < 1 || field > MAX_FIELD) throw new WireError(`field number ${field} out of range`, tagAt)
    pos = afterTag
    let value: JsonValue
    switch (wire) {
      case 0: {
        const [v, next] = readVarint(b, pos, end)
        value = typeof v === 'bigint' ? bigintValue(v) : v
        pos = next
        break
      }
      case 1:
        if (pos + 8 > end) throw new WireError('fixed64 cut short', pos)
        value = bigintValue(new DataView(b.buffer, b.byteOffset + pos, 8).getBigUint64(0, true))
        pos += 8
        break
      case 5:
        if (pos + 4 > end) throw new WireError('fixed32 cut short', pos)
        value = new DataView(b.buffer, b.byteOffset + pos, 4).getUint32(0, true)
        pos += 4
        break
      case 2: {
        const [lenRaw, next] = readVarint(b, pos, end)
        const len = Number(lenRaw)
        if (next + len > end) throw new WireError(`length ${len} runs past the end`, pos)
        value = guessBytes(b, next, next + len, depth)
        pos = next + len
        break
      }
      case 3: {
        if (depth >= MAX_DEPTH) throw new WireError('groups nested too deep', tagAt)
        const group = readMessage(b, pos, end, depth + 1, field)
        value = wireValue(group)
        pos = group.end
        break
      }
      case 4:
        if (endGroup !== field) throw new WireError(`end of group ${field} without its start`, tagAt)
        return { fields, count, end: pos }
      default:
        throw new WireError(`wire type ${wire} does not exist`, tagAt)
    }
    const list = fields.get(field)
    if (list) list.push(value)
    else fields.set(field, [value])
    count++
  }
  if (endGroup !== null) throw new WireError(`group ${endGroup} not ended`, end)
  return { fields, count, end: pos }
}

function guessBytes(b: Uint8Array, start: number, end: number, depth: number): JsonValue {
  const slice = b.subarray(start, end)
  if (slice.length === 0) return ''
  let text: string | null = null
  try {
    text = strictUtf8.decode(slice)
  } catch {
    text = null
  }
  if (text !== null && isPrintable(text)) return text
  if (depth < MAX_DEPTH) {
    try {
      const nested = readMessage(b, start, end, depth + 1, null)
      if (nested.count > 0) return wireValue(nested)
    } catch (e) {
      if (!(e instanceof WireError)) throw e
    }
  }
  return text ?? binaryValue(slice)
}
