import { utf8SequenceEnd } from './utf8-offset.ts'

/**
 * Top-level object keys looked for by `isPlainJsonObject`, as bytes grouped by length, so a key
 * is compared with a few candidates and no string is made.
 */
export class JsonKeySet {
  private readonly byLength: Uint8Array[][] = []
  /** 1 at each length (below 64) some key has: most keys read are answered by this alone. */
  private readonly lengths = new Uint8Array(64)

  constructor(keys: Iterable<string>) {
    const encoder = new TextEncoder()
    for (const key of keys) {
      const bytes = encoder.encode(key)
      ;(this.byLength[bytes.length] ??= []).push(bytes)
      if (bytes.length < this.lengths.length) this.lengths[bytes.length] = 1
    }
  }

  /** Whether `b[start, end)` is one of the keys. */
  has(b: Uint8Array, start: number, end: number): boolean {
    const length = end - start
    if (length < this.lengths.length && this.lengths[length] === 0) return false
    const candidates = this.byLength[length]
    if (candidates === undefined) return false
    for (const key of candidates) {
      let k = 0
      while (k < key.length && b[start + k] === key[k]) k++
      if (k === key.length) return true
    }
    return false
  }
}

const CLOSE_OBJECT = 0x7d
/** Deeper documents are left to JSON.parse. */
const MAX_DEPTH = 256
/** What closes the container open at each depth (`}` or `]`); one for all scans, which never nest. */
const closer = new Uint8Array(MAX_DEPTH + 1)

/** 1: a byte a JSON string holds as itself (printable ASCII, not `"` or `\`). */
const PLAIN = new Uint8Array(256)
for (let b = 0x20; b < 0x80; b++) PLAIN[b] = 1
PLAIN[0x22] = PLAIN[0x5c] = 0
/** 1: what may follow `\` in a JSON string, besides `u`. */
const SHORT_ESCAPE = new Uint8Array(256)
for (const c of '"\\/bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1
const HEX = new Uint8Array(256)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1

/**
 * Whether `b[start, end)` is, as UTF-8 text, exactly one JSON object (RFC 8259; white space may
 * follow it) none of whose top-level keys is in `keys`, read byte by byte without decoding or
 * allocating. True therefore also proves the bytes valid UTF-8. False means "not known to be":
 * invalid JSON or UTF-8, a key among `keys`, a top-level key written with escapes, nesting deeper
 * than 256 — the caller parses those. The bytes must start with `{` itself: JSON.parse accepts
 * what this accepts, whatever numbers or escapes it holds.
 *
 * Hot: it reads every byte of every JSON message in `decode --stats`. Every read is bounded by
 * `end` (a read past the end would slow V8's element access for all calls), and white space,
 * rare between tokens, is only skipped after a byte at or below 0x20 is seen.
 */
export function isPlainJsonObject(b: Uint8Array, keys: JsonKeySet, start = 0, end = b.length): boolean {
  if (end - start < 2 || b[start] !== 0x7b) return false
  let depth = 1
  closer[1] = CLOSE_OBJECT
  let i = start + 1
  if (b[i] <= 0x20) i = skipSpace(b, i, end)
  // An empty object, or the first key.
  if (i < end && b[i] === 0x7d) return skipSpace(b, i + 1, end) === end
  for (;;) {
    // A key: i is at its opening quote.
    if (i >= end || b[i] !== 0x22) return false
    // A top-level key written with escapes is left to JSON.parse (it may spell a key looked for).
    const keyStart = i + 1
    i = plainStringEnd(b, keyStart, end, depth > 1)
    if (i < 0 || (depth === 1 && keys.has(b, keyStart, i - 1))) return false
    if (i < end && b[i] !== 0x3a) i = skipSpace(b, i, end)
    if (i >= end || b[i] !== 0x3a) return false
    i++
    if (i < end && b[i] <= 0x20) i = skipSpace(b, i, end)
    // A value (containers open here), then what ends it: `,` or the closing of containers.
    for (;;) {
      if (i >= end) return false
      const c = b[i]
      if (c === 0x22) i = plainStringEnd(b, i + 1, end, true)
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = numberEnd(b, i, end)
      else if (c === 0x7b || c === 0x5b) {
        if (depth === MAX_DEPTH) return false
        // `{` + 2 is `}`, `[` + 2 is `]`.
        closer[++depth] = c + 2
        i = skipSpace(b, i + 1, end)
        if (i < end && b[i] === c + 2) {
          depth--
          i++
        } else if (c === 0x7b) break
        else continue
      } else i = literalEnd(b, i, end, c)
      if (i < 0) return false
      // After a value: `,` goes on in the same container; `}` or `]` closes it.
      for (;;) {
        if (i >= end) return false
        let d = b[i]
        if (d <= 0x20) {
          i = skipSpace(b, i, end)
          if (i >= end) return false
          d = b[i]
        }
        if (d === 0x2c) break
        if (d !== closer[depth]) return false
        if (--depth === 0) return i + 1 === end || skipSpace(b, i + 1, end) === end
        i++
      }
      i++
      if (i < end && b[i] <= 0x20) i = skipSpace(b, i, end)
      if (closer[depth] === CLOSE_OBJECT) break
    }
  }
}

/** The index of the first byte from `i` that is not JSON white space (RFC 8259 §2), or `end`. */
function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
    i++
  }
  return i
}

/**
 * stringEnd, with the common string (printable ASCII only) read in a loop small enough for V8 to
 * inline where it is called: a call per string cost about 4% of the scan.
 */
function plainStringEnd(b: Uint8Array, i: number, end: number, escapes: boolean): number {
  while (i < end && PLAIN[b[i]] === 1) i++
  return i < end && b[i] === 0x22 ? i + 1 : stringEnd(b, i, end, escapes)
}

/**
 * From just after a string's opening quote (or from inside it, past plain bytes): the index after
 * its closing quote, or -1 (also at any escape when `escapes` is false).
 */
function stringEnd(b: Uint8Array, i: number, end: number, escapes: boolean): number {
  for (;;) {
    let c = 0
    while (i < end) {
      c = b[i]
      if (PLAIN[c] === 0) break
      i++
    }
    if (i >= end) return -1
    if (c === 0x22) return i + 1
    if (c === 0x5c) {
      if (!escapes || i + 1 >= end) return -1
      const e = b[i + 1]
      if (e === 0x75) {
        if (i + 5 >= end || HEX[b[i + 2]] === 0 || HEX[b[i + 3]] === 0 || HEX[b[i + 4]] === 0 || HEX[b[i + 5]] === 0) return -1
        i += 6
      } else if (SHORT_ESCAPE[e] === 1) i += 2
      else return -1
    } else if (c >= 0x80) {
      i = utf8SequenceEnd(b, i, end)
      if (i < 0) return -1
    } else return -1 // a control character
  }
}

/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: the index after it, or -1. */
function numberEnd(b: Uint8Array, i: number, end: number): number {
  let c = b[i]
  if (c === 0x2d) {
    if (++i >= end) return -1
    c = b[i]
  }
  if (c === 0x30) i++
  else if (c >= 0x31 && c <= 0x39) {
    i++
    while (i < end && (c = b[i]) >= 0x30 && c <= 0x39) i++
  } else return -1
  if (i >= end) return i
  c = b[i]
  if (c === 0x2e) {
    const from = ++i
    while (i < end && (c = b[i]) >= 0x30 && c <= 0x39) i++
    if (i === from) return -1
    if (i >= end) return i
    c = b[i]
  }
  if (c === 0x65 || c === 0x45) {
    if (++i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++
    const from = i
    while (i < end && (c = b[i]) >= 0x30 && c <= 0x39) i++
    if (i === from) return -1
  }
  return i
}

/** `true`, `null` or `false` at `i` (first byte `c`): the index after it, or -1. */
function literalEnd(b: Uint8Array, i: number, end: number, c: number): number {
  if (c === 0x74) return i + 3 < end && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1
  if (c === 0x6e) return i + 3 < end && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1
  if (c === 0x66) return i + 4 < end && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1
  return -1
}
