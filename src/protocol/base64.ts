/**
 * Standard base64 (RFC 4648 §4, with padding) without Node's Buffer or the DOM's atob/btoa:
 * the protocol core runs unchanged in the browser, in workers and in Node.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** 6-bit value of each character of both alphabets ("+/" standard, "-_" URL-safe); -1 for others. */
export const BASE64_VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  table[45 /* - */] = 62
  table[95 /* _ */] = 63
  return table
})()

export function encodeBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63] + '='
  }
  return out
}

/**
 * Decodes padded standard base64. Returns null for anything else (wrong length, characters
 * outside the alphabet, misplaced padding), because header values such as Sec-WebSocket-Key
 * must be judged, not repaired. Unused low bits of the last symbol are ignored, as most
 * decoders do.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const n = text.length - padding
  const values = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i)
    const value = code < 128 && code !== 45 && code !== 95 ? BASE64_VALUES[code]! : -1
    if (value < 0) return null
    values[i] = value
  }
  return n % 4 === 1 ? null : decodeBase64Values(values, n)
}

/** Turns `n` 6-bit values (padding already removed) into bytes; a last group of 2 or 3 values gives 1 or 2 bytes. */
export function decodeBase64Values(values: Uint8Array, n: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor((n * 3) / 4))
  let at = 0
  let i = 0
  for (; i + 4 <= n; i += 4) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6) | values[i + 3]!
    bytes[at++] = v >>> 16
    bytes[at++] = (v >>> 8) & 0xff
    bytes[at++] = v & 0xff
  }
  const left = n - i
  if (left >= 2) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | (left === 3 ? values[i + 2]! << 6 : 0)
    bytes[at++] = v >>> 16
    if (left === 3) bytes[at++] = (v >>> 8) & 0xff
  }
  return bytes
}
