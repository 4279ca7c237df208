import { toHex } from '../protocol/index.ts'

/** A value as JSON can hold it (what every decoder's `value` is). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** An integer as JSON: a number while exact, else `{"$bigint": "<decimal>"}`. */
export function bigintValue(n: bigint): JsonValue {
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : { $bigint: n.toString() }
}

export function binaryValue(bytes: Uint8Array): JsonValue {
  return { $binary: toHex(bytes) }
}

/**
 * Turns what a binary-format library decoded into plain JSON per the payload contract: bytes
 * become `$binary`, big integers `$bigint`, maps objects, dates ISO strings, and the typed
 * wrappers of BSON and protobufjs their JSON meaning.
 */
export function toJsonValue(v: unknown): JsonValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v
    case 'number':
      return Number.isFinite(v) ? v : String(v)
    case 'bigint':
      return bigintValue(v)
    case 'undefined':
      return null
    case 'object':
      return objectValue(v)
    default:
      return String(v)
  }
}

function objectValue(v: object | null): JsonValue {
  if (v === null) return null
  if (v instanceof Uint8Array) return binaryValue(v)
  if (ArrayBuffer.isView(v)) return binaryValue(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
  if (v instanceof ArrayBuffer) return binaryValue(new Uint8Array(v))
  if (Array.isArray(v)) return v.map(toJsonValue)
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString()
  if (v instanceof Map) {
    const out: Record<string, JsonValue> = {}
    for (const [k, val] of v) out[typeof k === 'string' ? k : JSON.stringify(toJsonValue(k))] = toJsonValue(val)
    return out
  }
  const typed = typedValue(v as Record<string, unknown>)
  if (typed !== undefined) return typed
  const out: Record<string, JsonValue> = {}
  for (const [k, val] of Object.entries(v)) out[k] = toJsonValue(val)
  return out
}

/** BSON's and protobufjs' wrapper classes, recognised by shape so no library is imported here. */
function typedValue(v: Record<string, unknown>): JsonValue | undefined {
  const bsonType = v._bsontype
  if (typeof bsonType === 'string') {
    const hexOf = v.toHexString as (() => string) | undefined
    switch (bsonType) {
      case 'ObjectId':
        return { $oid: hexOf ? hexOf.call(v) : String(v) }
      case 'Long':
      case 'Int32':
      case 'Double':
        return toJsonValue((v.toBigInt as (() => bigint) | undefined)?.call(v) ?? Number(v.valueOf()))
      case 'Binary':
        return binaryValue((v.buffer as Uint8Array).subarray(0, v.position as number))
      case 'Decimal128':
        return { $numberDecimal: String(v) }
      case 'Timestamp':
        return { $timestamp: { t: Number(v.high), i: Number(v.low) } }
      case 'BSONRegExp':
        return { $regex: String(v.pattern), $options: String(v.options) }
      case 'MinKey':
      case 'MaxKey':
        return { [`$${bsonType[0].toLowerCase()}${bsonType.slice(1)}`]: 1 }
      case 'Code':
        return { $code: String(v.code) }
      case 'BSONSymbol':
        return String(v.value)
      default:
        return String(v)
    }
  }
  if (typeof v.low === 'number' && typeof v.high === 'number' && typeof v.unsigned === 'boolean') {
    const n = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)
    return bigintValue(v.unsigned ? n : BigInt.asIntN(64, n))
  }
  return undefined
}
