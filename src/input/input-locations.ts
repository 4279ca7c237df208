/**
 * Where each decoded byte came from in the pasted text, so that a finding at a byte offset can
 * be shown at its place in the paste (a line and column, an editor highlight). parseInput
 * records the locations while it parses (`{ locate: true }`), because only the parser knows
 * which characters were bytes: a dump's offset and ASCII columns are hex-looking text too.
 *
 * Pure: typed arrays only, so a Web Worker can transfer the locations to the page for free.
 */

/** Text range [start[i], end[i]) of byte i: its two hex digits, or the base64 characters holding its bits. */
export interface ByteLocations {
  start: Uint32Array<ArrayBuffer>
  end: Uint32Array<ArrayBuffer>
}

export interface TextRange {
  /** Character offsets in the text, [start, end). */
  start: number
  end: number
}

export interface TextPosition {
  /** 1-based. */
  line: number
  column: number
}

/** Collects byte locations in order while a parser produces the bytes. */
export class LocationSink {
  private start = new Uint32Array(1024)
  private end = new Uint32Array(1024)
  length = 0

  add(start: number, end: number): void {
    if (this.length === this.start.length) {
      this.start = grow(this.start)
      this.end = grow(this.end)
    }
    this.start[this.length] = start
    this.end[this.length] = end
    this.length++
  }

  finish(): ByteLocations {
    return { start: this.start.slice(0, this.length), end: this.end.slice(0, this.length) }
  }
}

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length * 2)
  out.set(a)
  return out
}

/**
 * The text range covering bytes [byteStart, byteEnd). An empty range (a finding about a
 * position) is the first character of byte `byteStart`; a range reaching past the last byte
 * (a frame the input cuts short) is clamped to the text of the bytes that are there, and a
 * position past the end is the empty range just after the last byte.
 */
export function textRangeOfBytes(locations: ByteLocations, byteStart: number, byteEnd: number): TextRange {
  const count = locations.start.length
  if (count === 0) return { start: 0, end: 0 }
  if (byteStart >= count) {
    const after = locations.end[count - 1] ?? 0
    return { start: after, end: after }
  }
  // Both clamped into [0, count).
  const first = Math.max(0, byteStart)
  const last = Math.min(count - 1, Math.max(first, byteEnd - 1))
  const start = locations.start[first] ?? 0
  return { start, end: Math.max(locations.end[last] ?? 0, start + 1) }
}

/** Line starts of a text, to turn character offsets into 1-based lines and columns. */
export class LineIndex {
  private readonly lineStarts: number[] = [0]

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      // \n, or a lone \r (old Mac line ends); \r\n counts once, at its \n.
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1)
    }
  }

  get lineCount(): number {
    return this.lineStarts.length
  }

  /** Each line's [start, end) in the text, its line end included. */
  lineRanges(): { start: number; end: number }[] {
    return this.lineStarts.map((start, i) => ({ start, end: this.lineStarts[i + 1] ?? this.text.length }))
  }

  locate(offset: number): TextPosition {
    const starts = this.lineStarts
    let lo = 0
    let hi = starts.length - 1
    // Invariant: starts[lo] <= offset (starts[0] is 0), and lo, mid, hi stay within the array.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 }
  }
}
