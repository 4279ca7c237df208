/**
 * Substring search straight over payload bytes, ASCII letters matched case-insensitively:
 * the text filter scans a million stored payloads without decoding one of them. The search
 * looks for the needle's rarest byte with the engine's native `indexOf` (memchr speed) and
 * checks the whole needle only around those candidates.
 */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b))

export interface Needle {
  /** The UTF-8 bytes of the search text, ASCII letters lower-cased. */
  bytes: Uint8Array
  /** Which byte of the needle is looked for first, in both of its cases. */
  anchor: number
  lower: number
  upper: number
  /** The needle has characters beyond ASCII (they match exactly, byte for byte). */
  nonAscii: boolean
}

/**
 * `sample`: some of the data to be searched; the anchor is the needle byte rarest in it, so
 * the fewest candidates need checking (in JSON, `"` and `:` are everywhere).
 */
export function compileNeedle(text: string, sample?: Uint8Array): Needle {
  const bytes = new TextEncoder().encode(text).map((b) => FOLD[b])
  const counts = new Uint32Array(256)
  if (sample) for (const b of sample) counts[FOLD[b]]++
  let anchor = 0
  for (let i = 1; i < bytes.length; i++) if (counts[bytes[i]] < counts[bytes[anchor]]) anchor = i
  const lower = bytes[anchor] ?? 0
  const upper = lower >= 0x61 && lower <= 0x7a ? lower - 0x20 : lower
  return { bytes, anchor, lower, upper, nonAscii: bytes.some((b) => b >= 0x80) }
}

/** Whether the needle is at hay[at]. */
export function matchesAt(hay: Uint8Array, at: number, needle: Needle): boolean {
  const nb = needle.bytes
  for (let j = 0; j < nb.length; j++) if (FOLD[hay[at + j]] !== nb[j]) return false
  return true
}

/**
 * Finds the needle in hay[from..to): calls `onHit` with each occurrence's start, which
 * returns where to go on searching (e.g. past the message it is in).
 */
export function searchFolded(hay: Uint8Array, from: number, to: number, needle: Needle, onHit: (start: number) => number): void {
  const m = needle.bytes.length
  if (m === 0 || to - from < m) return
  // A view that ends at `to`, so indexOf never scans beyond it.
  const view = hay.subarray(0, to)
  const { anchor, lower, upper } = needle
  let pos = from
  let nextLower = -2
  let nextUpper = upper === lower ? -1 : -2
  for (;;) {
    // -1: no occurrence left; -2 (or behind): not looked for yet from here.
    if (nextLower !== -1 && nextLower < pos + anchor) nextLower = view.indexOf(lower, pos + anchor)
    if (nextUpper !== -1 && nextUpper < pos + anchor) nextUpper = view.indexOf(upper, pos + anchor)
    const candidate = nextUpper === -1 || (nextLower !== -1 && nextLower < nextUpper) ? nextLower : nextUpper
    if (candidate === -1) return
    const start = candidate - anchor
    pos = start + m <= to && matchesAt(hay, start, needle) ? onHit(start) : start + 1
  }
}
