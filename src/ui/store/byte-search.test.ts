import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileNeedle, searchFolded } from './byte-search.ts'

const bytes = (s: string) => new TextEncoder().encode(s)

/** All occurrence starts in hay[from..to), searching on from each one's next byte. */
function all(hay: Uint8Array, needle: string, from = 0, to = hay.length, sample?: Uint8Array): number[] {
  const hits: number[] = []
  searchFolded(hay, from, to, compileNeedle(needle, sample), (start) => {
    hits.push(start)
    return start + 1
  })
  return hits
}

describe('searchFolded', () => {
  it('finds ASCII text case-insensitively within the given range only', () => {
    const hay = bytes('xx{"Type":"Ping"}yy')
    expect(all(hay, 'type')).toEqual([4])
    expect(all(hay, 'PING"}')).toEqual([11])
    expect(all(hay, 'pong')).toEqual([])
    expect(all(hay, 'type', 4, 7)).toEqual([])
    expect(all(hay, 'type', 5)).toEqual([])
  })

  it('matches multi-byte characters exactly', () => {
    expect(all(bytes('prix: 5 €, 6 €'), '€')).toEqual([8, 15])
    expect(compileNeedle('€').nonAscii).toBe(true)
  })

  it('anchors on the needle byte rarest in the sample', () => {
    const sample = bytes('{"seq":1,"seq":11,"seq":3}')
    const needle = compileNeedle('"seq":12', sample)
    expect(String.fromCharCode(needle.lower)).toBe('2')
    expect(all(bytes('{"seq":12}{"SEQ":12}'), '"seq":12', 0, 20, sample)).toEqual([1, 11])
  })

  it('resumes where onHit says', () => {
    const hay = bytes('ab ab ab')
    const hits: number[] = []
    searchFolded(hay, 0, hay.length, compileNeedle('ab'), (start) => {
      hits.push(start)
      return start + 4
    })
    expect(hits).toEqual([0, 6])
  })

  it('agrees with a lower-cased indexOf on ASCII strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'c', 'A', ' ') }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'C'), minLength: 1, maxLength: 4 }),
        (hay, needle) => {
          const expected: number[] = []
          for (let i = hay.toLowerCase().indexOf(needle.toLowerCase()); i >= 0; i = hay.toLowerCase().indexOf(needle.toLowerCase(), i + 1)) expected.push(i)
          expect(all(bytes(hay), needle, 0, hay.length, bytes(hay))).toEqual(expected)
        },
      ),
    )
  })
})
