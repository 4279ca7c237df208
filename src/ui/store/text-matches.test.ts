import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { textMatches } from './text-matches.ts'

describe('text matches', () => {
  it('finds plain text with ASCII letters in either case, without overlaps', () => {
    expect(textMatches('Ping ping PING', { text: 'ping', regex: false })).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
    ])
    expect(textMatches('aaaa', { text: 'aa', regex: false })).toEqual([
      [0, 2],
      [2, 4],
    ])
    // Beyond ASCII, exactly (as the byte search of the filter).
    expect(textMatches('Ärger ärger', { text: 'ärger', regex: false })).toEqual([[6, 11]])
    expect(textMatches('anything', { text: '', regex: false })).toEqual([])
  })

  it('finds regular-expression matches case-insensitively, skipping empty ones and bad patterns', () => {
    expect(textMatches('{"id":7,"ID":42}', { text: '"id":\\d+', regex: true })).toEqual([
      [1, 7],
      [8, 15],
    ])
    expect(textMatches('abc', { text: 'x*', regex: true })).toEqual([])
    expect(textMatches('abc', { text: '(', regex: true })).toEqual([])
  })

  it('stops at the limit', () => {
    expect(textMatches('a'.repeat(50), { text: 'a', regex: false }, 10)).toHaveLength(10)
    expect(textMatches('a'.repeat(50), { text: 'a', regex: true }, 10)).toHaveLength(10)
  })

  it('every plain match is the text, in order, within the string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1, maxLength: 3 }), (hay, text) => {
        let last = 0
        for (const [s, e] of textMatches(hay, { text, regex: false })) {
          expect(s).toBeGreaterThanOrEqual(last)
          expect(hay.slice(s, e).toLowerCase()).toBe(text.toLowerCase())
          last = e
        }
      }),
    )
  })
})
