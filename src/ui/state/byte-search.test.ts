import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileNeedle, containsFolded } from './byte-search.ts'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('containsFolded', () => {
  it('finds ASCII text case-insensitively within the given range only', () => {
    const hay = bytes('xx{"Type":"Ping"}yy')
    expect(containsFolded(hay, 0, hay.length, compileNeedle('type'))).toBe(true)
    expect(containsFolded(hay, 0, hay.length, compileNeedle('PING"}'))).toBe(true)
    expect(containsFolded(hay, 0, hay.length, compileNeedle('pong'))).toBe(false)
    expect(containsFolded(hay, 4, 7, compileNeedle('type'))).toBe(false)
    expect(containsFolded(hay, 0, 2, compileNeedle(''))).toBe(true)
  })

  it('matches multi-byte characters exactly', () => {
    const hay = bytes('prix: 5 €')
    expect(containsFolded(hay, 0, hay.length, compileNeedle('€'))).toBe(true)
    expect(compileNeedle('€').nonAscii).toBe(true)
  })

  it('agrees with a lower-cased indexOf on ASCII strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'c', 'A', ' ') }), fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'C'), maxLength: 4 }), (hay, needle) => {
        const h = bytes(hay)
        expect(containsFolded(h, 0, h.length, compileNeedle(needle))).toBe(hay.toLowerCase().includes(needle.toLowerCase()))
      }),
    )
  })
})
