/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1 when all of it is valid. */
export function invalidUtf8Offset(b: Uint8Array): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]
    if (c < 0x80) {
      i++
      continue
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (n < 0 || i + n >= b.length) return i
    const c1 = b[i + 1]
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
    if (c1 < lo || c1 > hi) return i
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i
    i += n + 1
  }
  return -1
}
