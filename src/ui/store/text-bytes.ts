/** Text to UTF-8 bytes in place, capped: how the log stores text messages (and their full size). */
const encoder = new TextEncoder()

export interface EncodedText {
  /** Bytes written (at most `cap`, whole characters only). */
  written: number
  /** The full UTF-8 length of the text. */
  size: number
  /** Some character took more than one byte. */
  nonAscii: boolean
}

/** Bytes the target must have free at `at` for encodeTextInto(text, …, cap). */
export function roomFor(text: string, cap: number): number {
  return Math.min(cap, text.length * 3)
}

export function encodeTextInto(text: string, target: Uint8Array, at: number, cap: number): EncodedText {
  const { read, written } = encoder.encodeInto(text, target.subarray(at, at + roomFor(text, cap)))
  return { written, size: read < text.length ? written + utf8Length(text, read) : written, nonAscii: written !== read }
}

/** UTF-8 length of text[from..]: only needed for the part of a huge message that is not stored. */
function utf8Length(text: string, from: number): number {
  let n = 0
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4
      i++
    } else n += 3
  }
  return n
}
