/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1 when all of it is valid. */
export function invalidUtf8Offset(b: Uint8Array): number {
  let i = 0
  while (i < b.length) {
    if (b[i] < 0x80) i++
    else {
      const end = utf8SequenceEnd(b, i)
      if (end < 0) return i
      i = end
    }
  }
  return -1
}

/**
 * The end of the multi-byte UTF-8 sequence that starts at `i` (a byte ≥ 0x80) and ends before
 * `end`, or -1 when it is not one: no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629 §4), as a strict
 * TextDecoder reads it.
 */
export function utf8SequenceEnd(b: Uint8Array, i: number, end = b.length): number {
  const c = b[i]
  const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
  if (n < 0 || i + n >= end) return -1
  const c1 = b[i + 1]
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
  if (c1 < lo || c1 > hi) return -1
  for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return -1
  return i + n + 1
}
