import { utf8SequenceEnd } from './utf8-offset.ts'

/**
 * Top-level object keys looked for by `isPlainJsonObject`, as bytes grouped by length, so a key
 * is compared with a few candidates and no string is made.
 */
export class JsonKeySet {
  private readonly byLength: Uint8Array[][] = []

  constructor(keys: Iterable<string>) {
    const encoder = new TextEncoder()
    for (const key of keys) {
      const bytes = encoder.encode(key)
      ;(this.byLength[bytes.length] ??= []).push(bytes)
    }
  }

  /** Whether `b[start, end)` is one of the keys. */
  has(b: Uint8Array, start: number, end: number): boolean {
    const candidates = this.byLength[end - start]
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
 * Whether `b` is, as UTF-8 text, exactly one JSON object (RFC 8259; white space may follow it)
 * none of whose top-level keys is in `keys`, read byte by byte without decoding or allocating.
 * False means "not known to be": invalid JSON or UTF-8, a key among `keys`, a top-level key
 * written with escapes, nesting deeper than 256 — the caller parses those. `b` must start with
 * `{` itself: JSON.parse accepts what this accepts, whatever numbers or escapes it holds.
 */
export function isPlainJsonObject(b: Uint8Array, keys: JsonKeySet): boolean {
  const n = b.length
  if (n < 2 || b[0] !== 0x7b) return false
  let depth = 1
  closer[1] = CLOSE_OBJECT
  let i = skipSpace(b, 1)
  // An empty object, or the first key.
  if (b[i] === 0x7d) return skipSpace(b, i + 1) === n
  for (;;) {
    // A key: i is at its opening quote.
    if (i >= n || b[i] !== 0x22) return false
    // A top-level key written with escapes is left to JSON.parse (it may spell a key looked for).
    const end = stringEnd(b, i + 1, depth > 1)
    if (end < 0 || (depth === 1 && keys.has(b, i + 1, end - 1))) return false
    i = skipSpace(b, end)
    if (i >= n || b[i] !== 0x3a) return false
    i = skipSpace(b, i + 1)
    // A value (containers open here), then what ends it: `,` or the closing of containers.
    for (;;) {
      if (i >= n) return false
      const c = b[i]
      if (c === 0x7b || c === 0x5b) {
        if (depth === MAX_DEPTH) return false
        // `{` + 2 is `}`, `[` + 2 is `]`.
        closer[++depth] = c + 2
        i = skipSpace(b, i + 1)
        if (b[i] === c + 2) {
          depth--
          i++
        } else if (c === 0x7b) break
        else continue
      } else {
        i = c === 0x22 ? stringEnd(b, i + 1, true) : c === 0x2d || (c >= 0x30 && c <= 0x39) ? numberEnd(b, i) : literalEnd(b, i, c)
        if (i < 0) return false
      }
      // After a value: `,` goes on in the same container; `}` or `]` closes it.
      for (;;) {
        i = skipSpace(b, i)
        if (i >= n) return false
        const d = b[i]
        if (d === 0x2c) break
        if (d !== closer[depth]) return false
        if (--depth === 0) return skipSpace(b, i + 1) === n
        i++
      }
      i = skipSpace(b, i + 1)
      if (closer[depth] === CLOSE_OBJECT) break
    }
  }
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length) {
    const c = b[i]
    // JSON's white space is all at or below 0x20.
    if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) break
    i++
  }
  return i
}

/**
 * From just after a string's opening quote: the index after its closing quote, or -1 (also at
 * any escape when `escapes` is false).
 */
function stringEnd(b: Uint8Array, i: number, escapes: boolean): number {
  const n = b.length
  for (;;) {
    while (i < n && PLAIN[b[i]] === 1) i++
    if (i >= n) return -1
    const c = b[i]
    if (c === 0x22) return i + 1
    if (c === 0x5c) {
      if (!escapes) return -1
      const e = b[i + 1]
      if (e === 0x75) {
        if (i + 5 >= n || !HEX[b[i + 2]] || !HEX[b[i + 3]] || !HEX[b[i + 4]] || !HEX[b[i + 5]]) return -1
        i += 6
      } else if (SHORT_ESCAPE[e] === 1) i += 2
      else return -1
    } else if (c >= 0x80) {
      i = utf8SequenceEnd(b, i)
      if (i < 0) return -1
    } else return -1 // a control character
  }
}

function digitsEnd(b: Uint8Array, i: number): number {
  while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39) i++
  return i
}

/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: the index after it, or -1. */
function numberEnd(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++
  if (b[i] === 0x30) i++
  else if (b[i] >= 0x31 && b[i] <= 0x39) i = digitsEnd(b, i + 1)
  else return -1
  if (b[i] === 0x2e) {
    const start = i + 1
    i = digitsEnd(b, start)
    if (i === start) return -1
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    let start = i + 1
    if (b[start] === 0x2b || b[start] === 0x2d) start++
    i = digitsEnd(b, start)
    if (i === start) return -1
  }
  return i
}

const TRUE = [0x74, 0x72, 0x75, 0x65]
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65]
const NULL = [0x6e, 0x75, 0x6c, 0x6c]

/** `true`, `false` or `null` at `i` (first byte `c`): the index after it, or -1. */
function literalEnd(b: Uint8Array, i: number, c: number): number {
  const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : c === 0x6e ? NULL : null
  if (word === null || i + word.length > b.length) return -1
  for (let k = 1; k < word.length; k++) if (b[i + k] !== word[k]) return -1
  return i + word.length
}
