import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeCloseBody } from './close-body.ts'
import { utf8Encode } from './bytes.ts'
import { clipLine, hexPreview, messagePreview, oneLine, PREVIEW_HEX_BYTES, PREVIEW_TEXT_BYTES, textPreview, type PreviewedMessage } from './message-preview.ts'

const text = (s: string): PreviewedMessage => ({ type: 'text', data: utf8Encode(s), closeCode: null })
const bytes = (...b: number[]) => new Uint8Array(b)

describe('messagePreview', () => {
  it('shows text as one line, binary as hex, a Close frame as code, name and reason', () => {
    expect(messagePreview(text('{"a": 1}'))).toBe('{"a": 1}')
    expect(messagePreview({ type: 'binary', data: bytes(0xde, 0xad, 0xbe, 0xef), closeCode: null })).toBe('de ad be ef')
    expect(messagePreview({ type: 'close', data: encodeCloseBody(1000, 'bye'), closeCode: 1000 })).toBe('1000 Normal Closure — bye')
    expect(messagePreview({ type: 'close', data: encodeCloseBody(1001, ''), closeCode: 1001 })).toBe('1001 Going Away')
    expect(messagePreview({ type: 'close', data: bytes(), closeCode: null })).toBe('no status code (reported as 1005)')
  })

  it('shows a Ping or Pong as text when it is printable ASCII, else as hex', () => {
    expect(messagePreview({ type: 'ping', data: utf8Encode('keepalive'), closeCode: null })).toBe('keepalive')
    expect(messagePreview({ type: 'pong', data: bytes(0, 1, 0xff), closeCode: null })).toBe('00 01 ff')
    expect(messagePreview({ type: 'ping', data: bytes(), closeCode: null })).toBe('(empty)')
  })

  it('says what a capture gap did', () => {
    expect(messagePreview({ ...text('{"seq":1,'), gap: 'cut' })).toBe('(cut by a capture gap) {"seq":1,')
    expect(messagePreview({ type: 'text', data: bytes(0xf2, 0x48, 0xcd), closeCode: null, gap: 'not-inflated' })).toBe('(compressed, not inflated) f2 48 cd')
  })

  it('escapes control characters in a close reason too', () => {
    expect(messagePreview({ type: 'close', data: encodeCloseBody(4000, 'a\nb\u001b[2J'), closeCode: 4000 })).toMatch(/^4000 .* — a b·\[2J$/)
  })
})

describe('textPreview', () => {
  it('turns line breaks and tabs into one space, and every other control character into a dot', () => {
    expect(textPreview(utf8Encode('a\r\n  b\tc'))).toBe('a b c')
    expect(textPreview(utf8Encode('{\n  "a": 1\n}'))).toBe('{ "a": 1 }')
    expect(textPreview(utf8Encode('nul\u0000 esc\u001b[31m del\u007f csi\u009b'))).toBe('nul· esc·[31m del· csi·')
    expect(textPreview(utf8Encode('line\u2028separator'))).toBe('line separator')
  })

  it('shows invalid UTF-8 as U+FFFD, never as raw bytes', () => {
    expect(textPreview(bytes(0x61, 0xff, 0x62, 0xc3))).toBe('a\ufffdb\ufffd')
  })

  it('cuts long text at a character boundary and marks the cut', () => {
    const long = 'é'.repeat(PREVIEW_TEXT_BYTES) // two bytes each: the byte limit falls inside none of them
    expect(textPreview(utf8Encode(long))).toBe(`${'é'.repeat(PREVIEW_TEXT_BYTES / 2)}…`)
    const odd = `x${'é'.repeat(PREVIEW_TEXT_BYTES)}` // the limit falls inside a character: it is left out whole
    expect(textPreview(utf8Encode(odd))).toBe(`x${'é'.repeat(PREVIEW_TEXT_BYTES / 2 - 1)}…`)
    expect(textPreview(utf8Encode('a'.repeat(PREVIEW_TEXT_BYTES)))).toBe('a'.repeat(PREVIEW_TEXT_BYTES))
  })

  it('is one line with no control character and no U+FFFD from the cut, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }).filter((s) => !s.includes('\ufffd')),
        (s) => {
          const shown = textPreview(utf8Encode(s))
          expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
          expect(shown).not.toContain('\ufffd')
          expect(shown.endsWith('…') || utf8Encode(s).length <= PREVIEW_TEXT_BYTES).toBe(true)
        },
      ),
    )
  })
})

describe('hexPreview', () => {
  it('shows the first bytes in lower-case hex and marks the cut', () => {
    expect(hexPreview(bytes())).toBe('(empty)')
    expect(hexPreview(new Uint8Array(PREVIEW_HEX_BYTES).fill(0xab))).toBe(Array(PREVIEW_HEX_BYTES).fill('ab').join(' '))
    expect(hexPreview(new Uint8Array(PREVIEW_HEX_BYTES + 1))).toBe(`${Array(PREVIEW_HEX_BYTES).fill('00').join(' ')} …`)
    expect(hexPreview(bytes(1, 2, 3), 2)).toBe('01 02 …')
  })
})

describe('clipLine', () => {
  it('keeps at most the given characters, the last one "…", without splitting a surrogate pair', () => {
    expect(clipLine('abc', 3)).toBe('abc')
    expect(clipLine('abcd', 3)).toBe('ab…')
    expect(clipLine('a😀b', 3)).toBe('a…')
    expect(clipLine('a\nb', 10)).toBe(oneLine('a\nb'))
  })
})
