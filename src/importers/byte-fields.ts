/**
 * Unsigned integer fields of captured headers, network byte order unless named otherwise.
 * Callers check the length first; a byte past the end reads as 0 (what `undefined` coerced to
 * in bitwise arithmetic), so a cut-short header can never make a field NaN or undefined.
 */

export function u8(bytes: Uint8Array, p: number): number {
  return bytes[p] ?? 0
}

export function u16(bytes: Uint8Array, p: number): number {
  return (u8(bytes, p) << 8) | u8(bytes, p + 1)
}

export function u32(bytes: Uint8Array, p: number): number {
  return ((u8(bytes, p) << 24) | (u8(bytes, p + 1) << 16) | (u8(bytes, p + 2) << 8) | u8(bytes, p + 3)) >>> 0
}

/** A 32-bit field in little-endian byte order. */
export function u32le(bytes: Uint8Array, p: number): number {
  return ((u8(bytes, p + 3) << 24) | (u8(bytes, p + 2) << 16) | (u8(bytes, p + 1) << 8) | u8(bytes, p)) >>> 0
}
