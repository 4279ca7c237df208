/** RFC 1950 §2.2: CM = 8 (deflate), CINFO ≤ 7, no preset dictionary, FCHECK makes CMF·FLG a multiple of 31. */
export function hasZlibHeader(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && (b[1] & 0x20) === 0 && ((b[0] << 8) | b[1]) % 31 === 0
}

/** Ends with the empty stored block of a sync flush. */
export function endsWithSyncFlush(b: Uint8Array): boolean {
  const n = b.length
  return n >= 4 && b[n - 4] === 0 && b[n - 3] === 0 && b[n - 2] === 0xff && b[n - 1] === 0xff
}
