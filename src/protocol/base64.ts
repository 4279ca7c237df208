/**
 * Standard base64 (RFC 4648 §4, with padding) without Node's Buffer or the DOM's atob/btoa:
 * the protocol core runs unchanged in the browser, in workers and in Node.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Character code → 6-bit value, -1 for characters outside the alphabet. */
const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  return table
})()

export function encodeBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i] << 16
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '=='
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8)
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '='
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
  const bytes = new Uint8Array((text.length / 4) * 3 - padding)
  let out = 0
  for (let i = 0; i < text.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) {
      const position = i + j
      const code = text.charCodeAt(position)
      const inPadding = position >= text.length - padding
      let value: number
      if (inPadding) {
        if (code !== 61 /* = */) return null
        value = 0
      } else {
        value = code < 128 ? DECODE_TABLE[code] : -1
        if (value < 0) return null
      }
      n = (n << 6) | value
    }
    const triple = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
    for (const byte of triple) if (out < bytes.length) bytes[out++] = byte
  }
  return bytes
}
