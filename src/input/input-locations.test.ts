import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { parseInput, type RecognisedInput } from './input-format.ts'
import { LineIndex, textRangeOfBytes, type ByteLocations } from './input-locations.ts'
import { HEXDUMP_REPEAT } from './testing/dumps.ts'
import { encodeBase64, toHex } from '../protocol/index.ts'

/** RFC 6455 §5.7: a masked "Hello" from a client. */
const HELLO = Uint8Array.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])

function located(text: string): RecognisedInput & { locations: ByteLocations } {
  const result = parseInput(text, 'auto', { locate: true })
  if (!result.ok) throw new Error(result.error.message)
  if (!result.value.locations) throw new Error('no locations')
  return result.value as RecognisedInput & { locations: ByteLocations }
}

/** The text each byte was read from. */
function pieces(text: string, locations: ByteLocations): string[] {
  return Array.from(locations.start, (s, i) => text.slice(s, locations.end[i]))
}

function xxd(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16)
    const groups: string[] = []
    for (let g = 0; g < row.length; g += 2) groups.push(toHex(row.subarray(g, g + 2)))
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${at.toString(16).padStart(8, '0')}: ${groups.join(' ').padEnd(39)}  ${ascii}`)
  }
  return lines.join('\n')
}

describe('byte locations', () => {
  it('are only recorded when asked for', () => {
    const result = parseInput('81 85', 'auto')
    expect(result.ok && result.value.locations).toBe(undefined)
  })

  it('point at each byte of space-separated, 0x and continuous hex', () => {
    for (const text of [
      '81 85 37 fa 21 3d 7f 9f 4d 51 58',
      '0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58',
      '818537fa213d7f9f4d5158',
      '{ 0x81,0x85,0x37,0xfa,\n 0x21,0x3d,0x7f,0x9f,\n 0x4d,0x51,0x58 }',
    ]) {
      const input = located(text)
      expect(pieces(text, input.locations)).toEqual(Array.from(HELLO, (b) => toHex(Uint8Array.of(b))))
    }
  })

  it('locate a lone digit as one byte', () => {
    const input = located('0x5 0x81')
    expect(pieces('0x5 0x81', input.locations)).toEqual(['5', '81'])
  })

  it('skip the offset and ASCII columns of a dump', () => {
    const text = '00000000: 8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX'
    const input = located(text)
    expect(input.format).toBe('hexdump')
    expect(pieces(text, input.locations)).toEqual(['81', '85', '37', 'fa', '21', '3d', '7f', '9f', '4d', '51', '58'])
    expect(input.locations.start[0]).toBe(10)
  })

  it('put the bytes a "*" line stands for at the "*"', () => {
    const text = HEXDUMP_REPEAT
    const input = located(text)
    expect(input.bytes.length).toBe(80)
    const star = text.indexOf('*')
    expect(pieces(text, input.locations).slice(32, 64)).toEqual(Array(32).fill('*'))
    expect(input.locations.start[40]).toBe(star)
    expect(pieces(text, input.locations)[79]).toBe('64')
  })

  it('give each base64 byte the two characters its bits are in', () => {
    const text = encodeBase64(HELLO) // gYU3+iE9f59NUVg=
    const input = located(text)
    expect(input.format).toBe('base64')
    expect(pieces(text, input.locations).slice(0, 4)).toEqual(['gY', 'YU', 'U3', '+i'])
  })

  it('every byte of any hex or base64 text is found where it is written', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        for (const text of [toHex(bytes, ' '), toHex(bytes, ':'), xxd(bytes)]) {
          const input = located(text)
          expect(pieces(text, input.locations).map((p) => p.toLowerCase())).toEqual(Array.from(bytes, (b) => toHex(Uint8Array.of(b))))
        }
        const b64 = encodeBase64(bytes).replace(/(.{76})/g, '$1\n')
        const input = parseInput(b64, 'base64', { locate: true })
        if (!input.ok) throw new Error(input.error.message)
        const loc = input.value.locations!
        for (let i = 0; i < bytes.length; i++) {
          const chars = b64.slice(loc.start[i], loc.end[i]).replace(/\n/g, '')
          expect(chars.length).toBe(2)
        }
      }),
      { numRuns: 60 },
    )
  })
})

describe('textRangeOfBytes', () => {
  const text = '81 85 37 fa'
  const { locations } = located(text)

  it('covers a byte range', () => {
    expect(textRangeOfBytes(locations, 1, 3)).toEqual({ start: 3, end: 8 })
  })

  it('gives a position (empty range) the first character of its byte', () => {
    expect(textRangeOfBytes(locations, 2, 2)).toEqual({ start: 6, end: 8 })
  })

  it('clamps a range that the input cuts short, and places a position past the end after the last byte', () => {
    expect(textRangeOfBytes(locations, 2, 40)).toEqual({ start: 6, end: 11 })
    expect(textRangeOfBytes(locations, 4, 4)).toEqual({ start: 11, end: 11 })
  })
})

describe('LineIndex', () => {
  it('turns offsets into 1-based lines and columns for \\n, \\r\\n and lone \\r', () => {
    const index = new LineIndex('ab\ncd\r\nef\rg')
    expect(index.locate(0)).toEqual({ line: 1, column: 1 })
    expect(index.locate(4)).toEqual({ line: 2, column: 2 })
    expect(index.locate(7)).toEqual({ line: 3, column: 1 })
    expect(index.locate(10)).toEqual({ line: 4, column: 1 })
    expect(index.lineCount).toBe(4)
  })
})
