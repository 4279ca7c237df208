/**
 * Substring search straight over payload bytes, ASCII letters matched case-insensitively:
 * the text filter scans a million stored payloads without decoding one of them.
 * Boyer–Moore–Horspool: on typical payloads it looks at a fraction of the bytes.
 */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b))

export interface Needle {
  /** The UTF-8 bytes of the search text, ASCII letters lower-cased. */
  bytes: Uint8Array
  /** How far the window may jump when its last byte is b. */
  skip: Uint32Array
  /** The needle has characters beyond ASCII (they match exactly, byte for byte). */
  nonAscii: boolean
}

export function compileNeedle(text: string): Needle {
  const bytes = new TextEncoder().encode(text).map((b) => FOLD[b])
  const m = bytes.length
  const skip = new Uint32Array(256).fill(Math.max(m, 1))
  for (let i = 0; i < m - 1; i++) skip[bytes[i]] = m - 1 - i
  return { bytes, skip, nonAscii: bytes.some((b) => b >= 0x80) }
}

/** Whether hay[start..end) contains the needle. */
export function containsFolded(hay: Uint8Array, start: number, end: number, needle: Needle): boolean {
  const nb = needle.bytes
  const last = nb.length - 1
  if (last < 0) return true
  const skip = needle.skip
  for (let i = start; i + last < end; i += skip[FOLD[hay[i + last]]]) {
    let j = last
    while (FOLD[hay[i + j]] === nb[j]) {
      if (j === 0) return true
      j--
    }
  }
  return false
}
