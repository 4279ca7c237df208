/**
 * Recognises the byte inputs a user pastes or a file holds — plain hex in its many spellings,
 * hex dumps (xxd, hexdump -C, Wireshark "Copy as Hex Dump", od, tcpdump), base64 — and turns
 * them into bytes.
 *
 * Pure and I/O-free: it runs in browsers, Node and Web Workers, so it uses only Uint8Array and
 * TextDecoder (no Buffer, no atob, no DOM, no Node imports).
 *
 * Bad input never throws: every entry point returns `{ ok: false, error }` with one line saying
 * what is wrong and where. Internally the parsers throw an `InputFailure`, which the entry points
 * catch; anything else escaping would be a bug, and is not hidden.
 */

import { byteHex, concatBytes, BASE64_VALUES, decodeBase64Values, err, ok, type Result } from '../protocol/index.ts'
import { LineIndex, LocationSink, type ByteLocations } from './input-locations.ts'

export type InputFormat = 'hex' | 'hexdump' | 'base64' | 'raw'

export interface RecognisedInput {
  format: InputFormat
  /** human-readable detail of the flavour recognised, e.g. 'xxd', 'hexdump -C', 'Wireshark hex dump', '0x list', 'hex with ":" separators', 'base64', 'base64url' */
  detail: string
  bytes: Uint8Array
  /** Where each byte is in the text; only with `{ locate: true }`. */
  locations?: ByteLocations
}

export interface ParseInputOptions {
  /** Record each byte's place in the text (costs two 32-bit numbers per byte). */
  locate?: boolean
}

export interface InputError {
  /** one clear line: what is wrong and where, e.g. 'line 3, column 12: "zz" is not a hex byte' */
  message: string
  /** 1-based, 0 if not applicable */
  line: number
  /** 1-based, 0 if not applicable */
  column: number
  /** character offset in the text (byte offset for errors about undecoded bytes) */
  offset: number
}

export type InputResult = Result<RecognisedInput, InputError>

export type TextInputFormat = 'auto' | 'hex' | 'hexdump' | 'base64'
export type ByteInputFormat = TextInputFormat | 'raw'

/**
 * Decode text in a given format, or recognise it ('auto': hex dump, then plain hex, then base64).
 *
 * 'hex' accepts every hex spelling, dumps included (the CLI's `--input hex` has no separate dump
 * option, and a dump is hex with an offset and an ASCII column); the result says 'hexdump' then.
 * 'hexdump' accepts dumps only; 'base64' accepts base64 only.
 */
export function parseInput(text: string, format: TextInputFormat, options: ParseInputOptions = {}): InputResult {
  const map = new TextMap(text, options.locate ?? false)
  return capture(() => {
    if (isBlank(text)) throw noBytes()
    switch (format) {
      case 'auto':
        return recogniseText(map)
      case 'hex':
        if (looksLikeDump(map)) return parseDump(map)
        rejectWordDump(map)
        return parsePlainHex(map)
      case 'hexdump':
        return parseDump(map)
      case 'base64':
        return parseBase64(map)
      default:
        throw new InputFailure({ message: `unknown input format "${String(format)}"`, line: 0, column: 0, offset: 0 })
    }
  })
}

/**
 * For file input given as raw bytes (CLI): 'raw' returns them as they are; 'auto' treats data
 * that is not text (NUL or other control bytes besides \t \r \n \f, or invalid UTF-8) as raw,
 * else decodes it as UTF-8 and calls parseInput(text, 'auto').
 *
 * A WebSocket capture does not pass for text: a frame's first byte is 0x00-0x0f (a control
 * byte) or 0x80-0x8f (not a UTF-8 start byte) unless RSV bits are set, and masking keys and
 * compressed payloads are random bytes, which are practically never UTF-8 without controls.
 */
export function parseInputBytes(data: Uint8Array, format: ByteInputFormat): InputResult {
  if (format === 'raw') return rawInput(data, 'raw bytes')
  const invalidAt = firstInvalidUtf8(data)
  if (format === 'auto') {
    if (invalidAt >= 0) return rawInput(data, 'raw bytes (not UTF-8 text)')
    if (hasControlBytes(data)) return rawInput(data, 'raw bytes (binary data)')
    return parseInput(decodeUtf8(data), 'auto')
  }
  if (invalidAt >= 0) {
    return err({
      message: `byte ${invalidAt}: the input is not UTF-8 text (byte 0x${byteHex(data[invalidAt] ?? 0)}), so it cannot be ${format}`,
      line: 0,
      column: 0,
      offset: invalidAt,
    })
  }
  return parseInput(decodeUtf8(data), format)
}

/**
 * True when the first bytes of a longer input already make `auto` read it as raw bytes, whatever
 * follows: a control byte, or a byte that cannot be UTF-8 with room after it for the longest
 * sequence (one cut at the end of the prefix decides nothing). A huge binary capture can then be
 * decoded piece by piece instead of being recognised whole first.
 */
export function isRawByPrefix(prefix: Uint8Array): boolean {
  const invalidAt = firstInvalidUtf8(prefix)
  return (invalidAt >= 0 && invalidAt + 4 <= prefix.length) || hasControlBytes(prefix)
}

// ---------------------------------------------------------------------------------------------
// Recognition ('auto')
// ---------------------------------------------------------------------------------------------

function recogniseText(map: TextMap): RecognisedInput {
  // A dump is tried first: its offset column is itself hex, so as plain hex it would be misread.
  if (looksLikeDump(map)) return parseDump(map)
  rejectWordDump(map)
  // Hex before base64: text that is valid hex is hex, even when it is also valid base64
  // ("deadbeef", "8185" are both). Text made only of hex digits stays hex even when it is not
  // valid hex ("818537f", a lost digit, is valid base64): only very short base64 ("AAA") is ever
  // all hex digits, while a hex typo is common.
  const hex = attempt(() => parsePlainHex(map))
  if (hex.ok) return hex.value
  // A hex list with a typo ("81 85 zz") is often valid base64 too; do not let base64 swallow it.
  if (looksLikeHex(map.text)) throw hex.error
  const base64 = attempt(() => parseBase64(map))
  if (base64.ok) {
    // Almost any short run of letters is valid base64 ("zz" is one byte): recognition takes
    // only text laid out as base64 encoders write it; `--input base64` reads the rest.
    const doubt = base64Doubt(map.text)
    if (doubt === null) return base64.value
    throw map.failAt(0, `not a recognisable format: not hex (${hex.error.error.message.replace(/^line \d+, column \d+: /, '')}), and ${doubt}`)
  }
  // Neither: report the reading that got further, the likelier intent.
  throw base64.error.error.offset > hex.error.error.offset ? base64.error : hex.error
}

/** Shortest base64 without padding that recognition takes (padding itself says "base64"). */
const MIN_UNPADDED_BASE64 = 8

/**
 * Why valid base64 text is still not recognised as base64, or null when it looks like an
 * encoder's output: one run of characters per line, lines of one length (but the last), and
 * padded unless long enough not to be a word.
 */
function base64Doubt(text: string): string | null {
  const lines = text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  if (lines.some((l) => /\s/.test(l))) return 'base64 does not have spaces inside a line (choose base64 explicitly to read it so)'
  const width = lines[0]!.length
  if (lines.slice(0, -1).some((l) => l.length !== width)) return 'base64 is wrapped in lines of one length (choose base64 explicitly to read it so)'
  const body = lines.join('')
  if (!body.endsWith('=') && body.length < MIN_UNPADDED_BASE64) {
    return `${JSON.stringify(body.length > 20 ? `${body.slice(0, 20)}…` : body)} is too short to be taken for base64 without padding (choose base64 explicitly to read it so)`
  }
  return null
}

/**
 * Whether text that failed as hex is still meant as hex: only hex digits, or mostly short
 * hex-looking words ("81", "0x81,", "8185", "\x81\x85"). base64 comes as one long word or lines
 * of 64 or 76 characters, so it does not look like that.
 */
function looksLikeHex(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => w !== '')
  if (words.every((w) => /^[0-9A-Fa-f]+$/.test(w))) return true
  const hexLike = words.filter((w) => /^[[{"]*((0[xX])?[0-9A-Fa-f]{1,8}|(\\[xX][0-9A-Fa-f]{1,2})+)[\]},:"-]*$/.test(w))
  return words.length >= 2 && hexLike.length * 2 >= words.length
}

/**
 * `hexdump` and `od` without options print a 7-digit offset and 16-bit words, whose bytes are
 * swapped on little-endian machines: they cannot be read back reliably, so say what to use instead.
 */
function rejectWordDump(map: TextMap): void {
  const first = map.lines().find((l) => !isBlank(l.text))
  if (first && /^[0-9A-Fa-f]{7}( [0-9A-Fa-f]{4}| [0-7]{6})+\s*$/.test(first.text)) {
    throw map.failAt(
      first.start,
      'this looks like hexdump or od without options (16-bit words, byte order swapped on little-endian machines); dump with hexdump -C, od -A x -t x1z or xxd instead',
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Plain hex
// ---------------------------------------------------------------------------------------------

/** Separators that make byte boundaries explicit ("81:85", "0x81, 0x85", "81-85"). */
const HEX_SEPARATORS = ':,-'
/** Characters that carry no data around a list: C/JS array brackets, string quotes (Wireshark "Copy as Escaped String"). */
const HEX_WRAPPERS = '{}[]"'

interface HexToken {
  start: number
  digitsStart: number
  end: number
  prefix: '' | '0x' | '\\x'
}

function parsePlainHex(map: TextMap): RecognisedInput {
  const { text } = map
  const tokens: HexToken[] = []
  const separators = new Set<string>()
  let wrapped = false
  let i = 0
  while (i < text.length) {
    const ch = text.charAt(i)
    if (isSpace(ch) || isLineContinuation(text, i)) i++
    else if (HEX_SEPARATORS.includes(ch)) {
      // Separators stand between bytes; one before the first is not a hex layout ("-aA" is base64url).
      if (tokens.length === 0) throw map.failAt(i, `${quote(ch)} before the first hex byte: separators go between bytes`)
      separators.add(ch)
      i++
    } else if (HEX_WRAPPERS.includes(ch)) {
      wrapped = true
      i++
    } else {
      const token = readHexToken(map, i)
      tokens.push(token)
      i = token.end
    }
  }
  if (tokens.length === 0) throw map.failAt(0, 'no hex digits in input')
  checkDigitCounts(map, tokens)
  const sink = map.startLocating()
  if (sink) locateHexTokens(tokens, sink)
  return { format: 'hex', detail: hexDetail(tokens, separators, wrapped), bytes: hexTokenBytes(text, tokens), ...map.locations() }
}

/** A backslash that ends a line continues a C string literal ("\x81" \ newline "\x85"). */
function isLineContinuation(text: string, i: number): boolean {
  return text[i] === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')
}

function readHexToken(map: TextMap, start: number): HexToken {
  const { text } = map
  let i = start
  let prefix: HexToken['prefix'] = ''
  const next = text[start + 1]
  if ((text[start] === '\\' || text[start] === '0') && (next === 'x' || next === 'X')) {
    prefix = text[start] === '\\' ? '\\x' : '0x'
    i += 2
  }
  const digitsStart = i
  while (i < text.length && isHexDigit(text.charCodeAt(i))) i++
  if (i === digitsStart && prefix !== '' && (i >= text.length || endsHexToken(text, i))) {
    throw map.failAt(start, `"${text.slice(start, i)}" is not followed by hex digits`)
  }
  if (i === digitsStart || (i < text.length && !endsHexToken(text, i))) throw notAHexByte(map, start, i)
  return { start, digitsStart, end: i, prefix }
}

/** A token ends at white space, a separator, a wrapper, or the backslash of the next \x escape. */
function endsHexToken(text: string, i: number): boolean {
  const ch = text.charAt(i)
  return isSpace(ch) || ch === '\\' || HEX_SEPARATORS.includes(ch) || HEX_WRAPPERS.includes(ch)
}

function notAHexByte(map: TextMap, start: number, badAt: number): InputFailure {
  const { text } = map
  let end = start
  const ends = (ch: string) => isSpace(ch) || HEX_SEPARATORS.includes(ch) || HEX_WRAPPERS.includes(ch)
  while (end < text.length && !ends(text.charAt(end))) end++
  const token = text.slice(start, end)
  const bad = describeChar(text, badAt)
  const why = token.length > 1 ? ` (${bad} is not a hex digit)` : ''
  return map.failAt(start, `${quote(token)} is not a hex byte${why}`)
}

/**
 * A lone digit is a byte ("0x5" is 05) only where token boundaries are explicit: a 0x/\x prefix,
 * ":" "," "-" separators, or a list of one- and two-digit words. In a continuous run ("81054")
 * the odd digit is more likely a lost or extra digit, so it is an error, as is any odd run longer
 * than one digit.
 */
function checkDigitCounts(map: TextMap, tokens: HexToken[]): void {
  // A lone digit is a byte only in a list of one- and two-digit bytes ("81 5 48", "8:5:48").
  const byteList = tokens.every((t) => t.end - t.digitsStart <= 2)
  for (const token of tokens) {
    const digits = token.end - token.digitsStart
    if (digits % 2 === 0) continue
    if (digits === 1 && (token.prefix !== '' || byteList)) continue
    const run = map.text.slice(token.start, token.end)
    throw map.failAt(token.start, `${quote(run)} has an odd number of hex digits (${digits}); a byte needs two`)
  }
}

function hexTokenBytes(text: string, tokens: HexToken[]): Uint8Array {
  let total = 0
  for (const t of tokens) total += (t.end - t.digitsStart + 1) >> 1
  const bytes = new Uint8Array(total)
  let at = 0
  for (const t of tokens) {
    if (t.end - t.digitsStart === 1) {
      bytes[at++] = hexDigitValue(text.charCodeAt(t.digitsStart))
      continue
    }
    for (let i = t.digitsStart; i < t.end; i += 2) {
      bytes[at++] = (hexDigitValue(text.charCodeAt(i)) << 4) | hexDigitValue(text.charCodeAt(i + 1))
    }
  }
  return bytes
}

/** A lone digit is one byte; longer runs are two digits a byte (as hexTokenBytes reads them). */
function locateHexTokens(tokens: HexToken[], sink: LocationSink): void {
  for (const t of tokens) {
    if (t.end - t.digitsStart === 1) sink.add(t.digitsStart, t.end)
    else for (let i = t.digitsStart; i < t.end; i += 2) sink.add(i, i + 2)
  }
}

function hexDetail(tokens: HexToken[], separators: Set<string>, wrapped: boolean): string {
  if (tokens.some((t) => t.prefix === '\\x')) return '\\x escapes'
  if (tokens.some((t) => t.prefix === '0x')) return wrapped ? 'array of 0x bytes' : '0x list'
  if (separators.size > 0) {
    const list = [...separators].map((s) => `"${s}"`).join(' ')
    return `hex with ${list} separators`
  }
  return tokens.length > 1 ? 'space-separated hex' : 'continuous hex'
}

// ---------------------------------------------------------------------------------------------
// Hex dumps
// ---------------------------------------------------------------------------------------------

/**
 * One non-blank line of a dump: a data line (offset, bytes, maybe an ASCII column), an "end"
 * line (an offset alone: hexdump -C and od print the total length last), or a "*" line (hexdump,
 * od and xxd -a print it instead of lines identical to the one before).
 */
interface DumpLine {
  lineNo: number
  kind: 'data' | 'end' | 'repeat'
  offset: number
  offsetText: string
  /** character offset of the offset column (or of the "*") */
  offsetStart: number
  colon: boolean
  prefixed: boolean
  /** the text after the offset (and colon) */
  body: string
  bodyStart: number
}

/** How a dump separates the ASCII column: hexdump -C puts it between "|", od between ">" "<". */
interface AsciiDelimiters {
  open: string
  close: string
  name: string
}

const DELIMITED_STYLES: AsciiDelimiters[] = [
  { open: '|', close: '|', name: 'hexdump -C' },
  { open: '>', close: '<', name: 'od -A x -t x1z' },
]

/** A dump's decoded output is capped so a "*" with a far-off end offset cannot exhaust memory. */
const MAX_DUMP_BYTES = 256 * 1024 * 1024

/** Every dump tool prints offsets of at least 4 hex digits; tcpdump adds "0x", xxd and tcpdump a colon. */
const OFFSET_COLUMN = /^([ \t]*)(0[xX])?([0-9A-Fa-f]{4,})(:?)(?=[ \t]|$)/

/**
 * Whether the text starts like a dump. Only telling shapes count, so plain hex is not mistaken
 * for one: xxd's "offset:", hexdump -C's "|ascii|", od's ">ascii<", Wireshark's zero offset
 * followed by 2+ spaces, or a column of offsets that counts the bytes of the first line.
 */
function looksLikeDump(map: TextMap): boolean {
  const lines = map.lines().filter((l) => !isBlank(l.text))
  const first = lines[0]?.text
  if (first === undefined) return false
  if (/^[ \t]*(0[xX])?[0-9A-Fa-f]{4,}:[ \t]+[0-9A-Fa-f]{2}/.test(first)) return true
  const m = /^[ \t]*([0-9A-Fa-f]{4,})([ \t].*)$/.exec(first)
  if (!m) return false
  const [, offset = '', body = ''] = m
  if (delimitedStyleOf(body)) return true
  if (/^0+$/.test(offset) && /^ {2,}[0-9A-Fa-f]{2}(\s|$)/.test(body)) return true
  return offsetColumnCountsBytes(lines.map((l) => l.text))
}

/** od -A x -t x1 / text2pcap style: "000000 81 85 …" then "000010 …", equally wide offsets from 0. */
function offsetColumnCountsBytes(lines: string[]): boolean {
  if (lines.length < 2) return false
  const first = /^[ \t]*([0-9A-Fa-f]{4,})((?:[ \t]+[0-9A-Fa-f]{2}(?=\s|$))+)/.exec(lines[0] ?? '')
  const second = /^[ \t]*([0-9A-Fa-f]{4,})(\s|$)/.exec(lines[1] ?? '')
  if (!first || !second) return false
  const [, firstOffset = '', firstBytes = ''] = first
  const [, secondOffset = ''] = second
  if (firstOffset.length !== secondOffset.length || !/^0+$/.test(firstOffset)) return false
  const byteCount = firstBytes.trim().split(/\s+/).length
  return parseInt(secondOffset, 16) === byteCount
}

/** The delimiters of a hexdump -C or od line: its ASCII column holds exactly as many characters as it has bytes. */
function delimitedStyleOf(body: string): AsciiDelimiters | null {
  const trimmed = body.trimEnd()
  for (const style of DELIMITED_STYLES) {
    const openAt = trimmed.indexOf(style.open)
    const closeAt = trimmed.length - 1
    if (openAt < 0 || closeAt <= openAt || trimmed[closeAt] !== style.close) continue
    const hexArea = trimmed.slice(0, openAt)
    if (!/^(\s+[0-9A-Fa-f]{2})+\s+$/.test(hexArea)) continue
    const byteCount = hexArea.trim().split(/\s+/).length
    if (closeAt - openAt - 1 === byteCount) return style
  }
  return null
}

function parseDump(map: TextMap): RecognisedInput {
  const lines = readDumpLines(map)
  const firstData = lines.find((l) => l.kind === 'data')
  if (!firstData) throw map.failAt(lines[0]?.offsetStart ?? 0, 'expected a hex dump line: an offset such as "00000000", then hex bytes')
  // xxd and tcpdump mark their offset with a colon and never delimit the ASCII column, which may
  // then hold "|" or ">" itself.
  const delimiters = firstData.colon ? null : delimitedStyleOf(firstData.body)
  map.startLocating()
  const bytes = delimiters ? assembleDump(map, lines, delimitedReader(map, delimiters)) : assembleUndelimitedDump(map, lines)
  if (bytes.length === 0) throw noBytes()
  return { format: 'hexdump', detail: delimiters ? delimiters.name : undelimitedDumpName(firstData), bytes, ...map.locations() }
}

function undelimitedDumpName(first: DumpLine): string {
  if (first.colon) return first.prefixed ? 'tcpdump hex dump' : 'xxd'
  // Wireshark's "Copy as Hex Dump" puts three spaces after a four-digit offset; od one space.
  return /^ {2,}/.test(first.body) ? 'Wireshark hex dump' : 'hex dump with offsets'
}

function readDumpLines(map: TextMap): DumpLine[] {
  const out: DumpLine[] = []
  for (const { lineNo, start, text } of map.lines()) {
    if (isBlank(text)) continue
    const lead = text.length - text.trimStart().length
    if (text.trim() === '*') {
      out.push({ lineNo, kind: 'repeat', offset: 0, offsetText: '', offsetStart: start + lead, colon: false, prefixed: false, body: '', bodyStart: start })
      continue
    }
    const m = OFFSET_COLUMN.exec(text)
    if (!m) {
      throw map.failAt(start + lead, `expected a hex dump line starting with an offset of 4 or more hex digits such as "00000000", found ${quote(text.trim())}`)
    }
    const [whole, indent = '', prefix, digits = '', colon] = m
    const offsetStart = start + indent.length
    if (digits.length > 13) throw map.failAt(offsetStart, `offset ${quote(digits)} is too large`)
    const body = text.slice(whole.length)
    out.push({
      lineNo,
      kind: isBlank(body) ? 'end' : 'data',
      offset: parseInt(digits, 16),
      offsetText: digits,
      offsetStart,
      colon: colon === ':',
      prefixed: prefix !== undefined,
      body,
      bodyStart: start + whole.length,
    })
  }
  return out
}

/** Gives a data line's bytes; `next` is the following dump line, if any. */
type LineReader = (line: DumpLine, next: DumpLine | undefined) => Uint8Array

/**
 * Walks the dump checking that offsets follow from byte counts, expanding "*" lines (repeat the
 * previous line's bytes until the next offset), and joins the bytes.
 */
function assembleDump(map: TextMap, lines: DumpLine[], readLine: LineReader): Uint8Array {
  const chunks: Uint8Array[] = []
  let total = 0
  let expected: number | null = null
  let previous: { line: DumpLine; bytes: Uint8Array } | null = null
  let repeat: DumpLine | null = null
  const push = (bytes: Uint8Array, at: DumpLine, locateAt = at): void => {
    if (total + bytes.length > MAX_DUMP_BYTES) throw map.failAt(at.offsetStart, `the dump holds more than ${MAX_DUMP_BYTES} bytes`)
    if (map.sink) locateDumpBytes(locateAt, bytes.length, map.sink)
    chunks.push(bytes)
    total += bytes.length
  }

  for (const [i, line] of lines.entries()) {
    if (line.kind === 'repeat') {
      if (!previous) throw map.failAt(line.offsetStart, '"*" (lines repeated) must follow a line of bytes')
      if (repeat) throw map.failAt(line.offsetStart, `a second "*" right after the one on line ${repeat.lineNo}`)
      repeat = line
      continue
    }
    if (expected !== null && previous) {
      if (repeat) {
        expandRepeat(map, previous, repeat, line, expected, push)
        repeat = null
      } else if (line.offset !== expected) {
        throw offsetMismatch(map, previous.line, previous.bytes.length, line)
      }
    }
    if (line.kind === 'end') {
      const after = lines[i + 1]
      if (after) throw map.failAt(after.offsetStart, `nothing may follow line ${line.lineNo}, whose offset with no bytes ends the dump`)
      break
    }
    const bytes = readLine(line, lines[i + 1])
    push(bytes, line)
    expected = line.offset + bytes.length
    previous = { line, bytes }
  }
  if (repeat) throw map.failAt(repeat.offsetStart, '"*" (lines repeated) must be followed by the offset where the repetition ends')
  return concatBytes(chunks, total)
}

/**
 * A data line's bytes are always read from the first hex words of its body, two digits a byte;
 * bytes repeated by a "*" line are located at the "*".
 */
function locateDumpBytes(line: DumpLine, count: number, sink: LocationSink): void {
  if (line.kind === 'repeat') {
    for (let i = 0; i < count; i++) sink.add(line.offsetStart, line.offsetStart + 1)
    return
  }
  let located = 0
  for (const word of words(line.body)) {
    for (let i = 0; i + 1 < word.text.length && located < count; i += 2, located++) {
      const at = line.bodyStart + word.start + i
      sink.add(at, at + 2)
    }
    if (located === count) return
  }
}

function expandRepeat(
  map: TextMap,
  previous: { line: DumpLine; bytes: Uint8Array },
  repeat: DumpLine,
  line: DumpLine,
  expected: number,
  push: (bytes: Uint8Array, at: DumpLine, locateAt: DumpLine) => void,
): void {
  const gap = line.offset - expected
  const width = previous.bytes.length
  if (gap <= 0 || gap % width !== 0) {
    throw map.failAt(
      line.offsetStart,
      `offset ${line.offsetText} cannot end the repetition ("*" on line ${repeat.lineNo}) of line ${previous.line.lineNo}'s ${width} bytes, which ends at offset ${formatOffset(expected, previous.line)}`,
    )
  }
  if (gap > MAX_DUMP_BYTES) throw map.failAt(line.offsetStart, `the dump holds more than ${MAX_DUMP_BYTES} bytes`)
  for (let n = gap / width; n > 0; n--) push(previous.bytes, line, repeat)
}

function offsetMismatch(map: TextMap, previous: DumpLine, previousLength: number, line: DumpLine): InputFailure {
  const end = previous.offset + previousLength
  const ends = `line ${previous.lineNo}, which holds ${previousLength} bytes from offset ${previous.offsetText} and so ends at offset ${formatOffset(end, previous)}`
  if (line.offset > end) {
    return map.failAt(line.offsetStart, `offset ${line.offsetText} leaves a gap of ${line.offset - end} bytes after ${ends}`)
  }
  return map.failAt(line.offsetStart, `offset ${line.offsetText} does not follow ${ends}`)
}

/** hexdump -C and od: the bytes are everything before the opening delimiter of the ASCII column. */
function delimitedReader(map: TextMap, delimiters: AsciiDelimiters): LineReader {
  return (line) => {
    const openAt = line.body.indexOf(delimiters.open)
    const hexArea = openAt < 0 ? line.body : line.body.slice(0, openAt)
    const bytes: number[] = []
    for (const word of words(hexArea)) {
      const wordBytes = hexWordBytes(word.text)
      if (!wordBytes) throw notAHexByteInDump(map, line, word)
      bytes.push(...wordBytes)
    }
    if (bytes.length === 0) throw map.failAt(line.bodyStart, 'no hex bytes after the offset')
    return Uint8Array.from(bytes)
  }
}

/**
 * xxd, Wireshark, tcpdump, od without z: nothing marks where the bytes end and the ASCII column
 * begins, and the ASCII column may itself look like hex (bytes 64 65 61 64 print as "dead").
 * So the bytes on a line are counted by the offsets (next offset minus this one), and where
 * there is no next offset (last line, line before "*") by the rule that the ASCII column shows
 * exactly the line's bytes. Lines seen to have an ASCII column are tracked, so that a line whose
 * ASCII column was swallowed as hex (offsets leaving a gap that the ASCII happens to fill) is caught.
 */
function assembleUndelimitedDump(map: TextMap, lines: DumpLine[]): Uint8Array {
  const seen: { withAscii: DumpLine | null; withoutAscii: DumpLine | null } = { withAscii: null, withoutAscii: null }
  const bytes = assembleDump(map, lines, (line, next) => {
    const read = readUndelimitedLine(map, line, next)
    if (read.ascii === true) seen.withAscii ??= line
    if (read.ascii === false) seen.withoutAscii ??= line
    return read.bytes
  })
  const { withAscii, withoutAscii } = seen
  if (withAscii && withoutAscii) {
    throw map.failAt(
      withoutAscii.offsetStart,
      `line ${withoutAscii.lineNo} has no ASCII column though line ${withAscii.lineNo} has one: are its bytes and the next offset right?`,
    )
  }
  return bytes
}

interface LineRead {
  bytes: Uint8Array
  /** null when it cannot be told (the line's bytes are all spaces, whose ASCII an editor may trim) */
  ascii: boolean | null
}

function readUndelimitedLine(map: TextMap, line: DumpLine, next: DumpLine | undefined): LineRead {
  const ws = words(line.body)
  const columns = new LineColumns(line.body, ws)
  if (next && next.kind !== 'repeat') {
    if (next.offset <= line.offset) {
      throw map.failAt(next.offsetStart, `offset ${next.offsetText} is not after the offset ${line.offsetText} of line ${line.lineNo}`)
    }
    return readCountedLine(map, line, next, columns, next.offset - line.offset)
  }
  const inferred = inferLineBytes(columns)
  if (inferred) return inferred
  const firstBad = ws.find((w) => !hexWordBytes(w.text))
  if (firstBad && firstBad === ws[0]) throw notAHexByteInDump(map, line, firstBad)
  throw map.failAt(line.bodyStart, 'cannot tell where the hex bytes end and the ASCII column begins: the ASCII column does not show the bytes before it')
}

/** A line whose byte count the next offset gives: read exactly that many, then check the ASCII column agrees. */
function readCountedLine(map: TextMap, line: DumpLine, next: DumpLine, columns: LineColumns, count: number): LineRead {
  const ws = columns.words
  const bytes: number[] = []
  let k = 0
  let bad: Word | null = null
  for (const word of ws) {
    if (bytes.length >= count) break
    const wordBytes = hexWordBytes(word.text)
    if (!wordBytes || bytes.length + wordBytes.length > count) {
      bad = word
      break
    }
    bytes.push(...wordBytes)
    k++
  }
  if (!bad && bytes.length === count) {
    if (k === ws.length) return { bytes: Uint8Array.from(bytes), ascii: count > trailingSpaces(bytes) ? false : null }
    if (columns.asciiMatches(bytes, k)) return { bytes: Uint8Array.from(bytes), ascii: true }
  }
  // The offsets and the line disagree: say how many bytes the line itself seems to hold.
  const inferred = inferLineBytes(columns)
  if (inferred && inferred.bytes.length !== count) throw offsetMismatch(map, line, inferred.bytes.length, next)
  if (bad && !hexWordBytes(bad.text)) throw notAHexByteInDump(map, line, bad)
  throw map.failAt(
    next.offsetStart,
    `offset ${next.offsetText} gives line ${line.lineNo} ${count} bytes, but its hex and ASCII columns do not show ${count} bytes`,
  )
}

/**
 * For a line with no next offset: the shortest run of leading hex words that the rest of the
 * line (after white space) shows as its ASCII column; or, when every word is hex, all of them
 * (a dump without an ASCII column, like Wireshark's "…as Hex Dump").
 */
function inferLineBytes(columns: LineColumns): LineRead | null {
  const ws = columns.words
  const bytes: number[] = []
  for (const [k, word] of ws.entries()) {
    const wordBytes = hexWordBytes(word.text)
    if (!wordBytes) return null
    bytes.push(...wordBytes)
    if (k === ws.length - 1) return { bytes: Uint8Array.from(bytes), ascii: bytes.length > trailingSpaces(bytes) ? false : null }
    if (columns.asciiMatches(bytes, k + 1)) return { bytes: Uint8Array.from(bytes), ascii: true }
  }
  return null
}

/** The words of a dump line's body, and the test of whether the text from a word on is the ASCII column. */
class LineColumns {
  private readonly end: number
  constructor(
    readonly body: string,
    readonly words: Word[],
  ) {
    this.end = body.trimEnd().length
  }

  /**
   * Whether the text after words[0..firstAsciiWord) is white space then exactly the ASCII
   * rendering of `bytes`: printable ASCII as itself, anything else as "." (or any non-ASCII
   * character, for tools that print "·"). The ASCII column is aligned to the end of the line;
   * trailing spaces in it may have been trimmed by an editor, so trailing 0x20 bytes are optional.
   */
  asciiMatches(bytes: number[], firstAsciiWord: number): boolean {
    const lastHex = this.words[firstAsciiWord - 1]
    const firstAscii = this.words[firstAsciiWord]
    if (!lastHex || !firstAscii) return false
    const hexEnd = lastHex.start + lastHex.text.length
    const shown = bytes.length - trailingSpaces(bytes)
    const asciiStart = this.end - shown
    // at least one space between the columns, and nothing but spaces before the ASCII column
    if (shown === 0 || asciiStart <= hexEnd || firstAscii.start < asciiStart) return false
    return bytes.slice(0, shown).every((byte, i) => asciiCharShows(byte, this.body.charCodeAt(asciiStart + i)))
  }
}

function asciiCharShows(byte: number, ch: number): boolean {
  if (byte >= 0x20 && byte <= 0x7e) return ch === byte
  return ch === 0x2e /* . */ || ch > 0x7e
}

function trailingSpaces(bytes: number[]): number {
  let n = 0
  while (n < bytes.length && bytes[bytes.length - 1 - n] === 0x20) n++
  return n
}

function notAHexByteInDump(map: TextMap, line: DumpLine, word: Word): InputFailure {
  return map.failAt(line.bodyStart + word.start, `${quote(word.text)} is not a hex byte`)
}

function formatOffset(value: number, like: DumpLine): string {
  return value.toString(16).padStart(like.offsetText.length, '0')
}

interface Word {
  text: string
  start: number
}

function words(s: string): Word[] {
  const out: Word[] = []
  for (const m of s.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index })
  return out
}

/** The bytes of a dump's hex word ("81", "8185" for xxd's groups), or null if it is not whole bytes of hex. */
function hexWordBytes(word: string): number[] | null {
  if (word.length % 2 !== 0) return null
  const out: number[] = []
  for (let i = 0; i < word.length; i += 2) {
    const hi = hexDigitValue(word.charCodeAt(i))
    const lo = hexDigitValue(word.charCodeAt(i + 1))
    if (hi < 0 || lo < 0) return null
    out.push((hi << 4) | lo)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Base64
// ---------------------------------------------------------------------------------------------

function parseBase64(map: TextMap): RecognisedInput {
  const { text } = map
  const values = new Uint8Array(text.length)
  // Where each base64 character is, to locate the bytes its bits go into.
  const valueAt = map.locating ? new Uint32Array(text.length) : null
  let n = 0
  let lastAt = -1
  let padding = 0
  let paddingAt = -1
  let standardAt = -1
  let urlSafeAt = -1
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (isSpace(ch)) continue
    if (ch === '=') {
      if (padding === 0) paddingAt = i
      padding++
      continue
    }
    const code = text.charCodeAt(i)
    const value = BASE64_VALUES[code] ?? -1
    if (value < 0) throw map.failAt(i, `${describeChar(text, i)} is not a base64 character (A-Z a-z 0-9 and + / or - _)`)
    if (padding > 0) throw map.failAt(i, `${describeChar(text, i)} after "=" padding: padding may only end base64 text`)
    if (ch === '+' || ch === '/') standardAt = i
    if (ch === '-' || ch === '_') urlSafeAt = i
    if (standardAt >= 0 && urlSafeAt >= 0) throw mixedAlphabets(map, i, standardAt, urlSafeAt)
    if (valueAt) valueAt[n] = i
    values[n++] = value
    lastAt = i
  }
  if (n === 0) throw map.failAt(paddingAt >= 0 ? paddingAt : 0, 'no base64 characters in input')
  if (n % 4 === 1) {
    throw map.failAt(lastAt, `${n} base64 characters leave 1 over, which cannot make a byte (is the text cut short?)`)
  }
  const needed = (4 - (n % 4)) % 4
  if (padding > 0 && padding !== needed) {
    throw map.failAt(paddingAt, `wrong padding: ${n} base64 characters take ${needed} "=", not ${padding}`)
  }
  // Unused low bits of the last character are not checked (many encoders and decoders ignore them).
  const bytes = decodeBase64Values(values, n)
  const sink = map.startLocating()
  if (sink && valueAt) locateBase64Bytes(valueAt, bytes.length, sink)
  return { format: 'base64', detail: urlSafeAt >= 0 ? 'base64url' : 'base64', bytes, ...map.locations() }
}

/** Byte k is bits 8k to 8k+7 of the stream of 6-bit characters: it spans two characters. */
function locateBase64Bytes(valueAt: Uint32Array, count: number, sink: LocationSink): void {
  // Bits 8k+7 of the last byte lie in the last character, so both indices are within valueAt.
  for (let k = 0; k < count; k++) sink.add(valueAt[Math.floor((8 * k) / 6)] ?? 0, (valueAt[Math.floor((8 * k + 7) / 6)] ?? 0) + 1)
}

function mixedAlphabets(map: TextMap, at: number, standardAt: number, urlSafeAt: number): InputFailure {
  const earlier = Math.min(standardAt, urlSafeAt)
  const where = map.locate(earlier)
  return map.failAt(
    at,
    `${describeChar(map.text, at)} mixes the URL-safe (- _) and standard (+ /) base64 alphabets (${describeChar(map.text, earlier)} at line ${where.line}, column ${where.column})`,
  )
}

// ---------------------------------------------------------------------------------------------
// Text, positions and small helpers
// ---------------------------------------------------------------------------------------------

class InputFailure extends Error {
  constructor(readonly error: InputError) {
    super(error.message)
  }
}

interface TextLine {
  lineNo: number
  start: number
  /** without its line break */
  text: string
}

/**
 * The text with its line starts, for messages that say where; and, when asked to locate, the
 * byte locations the parser that succeeds records (each parser starts a fresh sink).
 */
class TextMap extends LineIndex {
  /** Where the parser that is reading the bytes records their locations (when locating). */
  sink: LocationSink | null = null

  constructor(
    text: string,
    readonly locating: boolean,
  ) {
    super(text)
  }

  /** A fresh sink for the parser about to read the bytes, or null when not locating. */
  startLocating(): LocationSink | null {
    this.sink = this.locating ? new LocationSink() : null
    return this.sink
  }

  locations(): { locations?: ByteLocations } {
    return this.sink ? { locations: this.sink.finish() } : {}
  }

  failAt(offset: number, what: string): InputFailure {
    const { line, column } = this.locate(offset)
    return new InputFailure({ message: `line ${line}, column ${column}: ${what}`, line, column, offset })
  }

  lines(): TextLine[] {
    return this.lineRanges().map(({ start, end }, i) => ({ lineNo: i + 1, start, text: this.text.slice(start, end).replace(/\r?\n$|\r$/, '') }))
  }
}

function attempt(parse: () => RecognisedInput): Result<RecognisedInput, InputFailure> {
  try {
    return ok(parse())
  } catch (e) {
    if (e instanceof InputFailure) return err(e)
    throw e
  }
}

function capture(parse: () => RecognisedInput): InputResult {
  const result = attempt(parse)
  return result.ok ? result : err(result.error.error)
}

function noBytes(): InputFailure {
  return new InputFailure({ message: 'no bytes in input', line: 0, column: 0, offset: 0 })
}

function rawInput(bytes: Uint8Array, detail: string): InputResult {
  return ok({ format: 'raw', detail, bytes })
}

function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0)
  if (c < 128) return c === 32 || (c >= 9 && c <= 13)
  return /\s/.test(ch) // no-break and other Unicode spaces, as pasted from web pages
}

function isBlank(text: string): boolean {
  return text.trim() === ''
}

const HEX_DIGIT_VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < 16; i++) {
    table['0123456789abcdef'.charCodeAt(i)] = i
    table['0123456789ABCDEF'.charCodeAt(i)] = i
  }
  return table
})()

function hexDigitValue(code: number): number {
  return HEX_DIGIT_VALUES[code] ?? -1
}

function isHexDigit(code: number): boolean {
  return hexDigitValue(code) >= 0
}

/** A character for a message: quoted if printable, else its code point. */
function describeChar(text: string, at: number): string {
  if (at >= text.length) return 'the end of the text'
  const cp = text.codePointAt(at) ?? 0
  return cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) ? `"${String.fromCodePoint(cp)}"` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

/** A fragment of input for a message, quoted and cut short if long. */
function quote(s: string): string {
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s)
}

// ---------------------------------------------------------------------------------------------
// Bytes as text (parseInputBytes)
// ---------------------------------------------------------------------------------------------

function decodeUtf8(data: Uint8Array): string {
  return new TextDecoder('utf-8').decode(data) // drops a leading BOM
}

/** C0 controls other than \t \n \f \r, and DEL: text files do not hold them, binary ones do. */
function hasControlBytes(data: Uint8Array): boolean {
  for (const b of data) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return true
  }
  return false
}

/** Index of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0
  for (let b = data[i]; b !== undefined; b = data[i]) {
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80]
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800]
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000]
    else return i
    if (i + need >= data.length) return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = data[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}
