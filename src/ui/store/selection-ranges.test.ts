import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addRange, hasIndex, NO_RANGES, removeIndex, selectedIndices, toggleIndex } from './selection-ranges.ts'

describe('selection ranges', () => {
  it('adds ranges in either order, merging what touches or overlaps', () => {
    let r = addRange(NO_RANGES, 9, 5)
    expect(r).toEqual([[5, 9]])
    r = addRange(r, 10, 12)
    expect(r).toEqual([[5, 12]])
    r = addRange(r, 1, 2)
    expect(r).toEqual([
      [1, 2],
      [5, 12],
    ])
    expect(addRange(r, 0, 20)).toEqual([[0, 20]])
  })

  it('toggles one index, splitting a range around it', () => {
    const r = toggleIndex([[1, 5]], 3)
    expect(r).toEqual([
      [1, 2],
      [4, 5],
    ])
    expect(toggleIndex(r, 3)).toEqual([[1, 5]])
    expect(removeIndex([[4, 4]], 4)).toEqual([])
  })

  it('lists the selected indices a filter shows, up to a limit', () => {
    const r = addRange(addRange(NO_RANGES, 0, 4), 10, 11)
    expect(selectedIndices(r, (i) => i % 2 === 0)).toEqual([0, 2, 4, 10])
    expect(selectedIndices(r, () => true, 3)).toEqual([0, 1, 2])
  })

  it('agrees with a set under any sequence of adds and toggles', () => {
    const op = fc.oneof(fc.tuple(fc.constant('add' as const), fc.nat(40), fc.nat(40)), fc.tuple(fc.constant('toggle' as const), fc.nat(40), fc.constant(0)))
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let r = NO_RANGES
        const set = new Set<number>()
        for (const [kind, a, b] of ops) {
          if (kind === 'add') {
            r = addRange(r, a, b)
            for (let i = Math.min(a, b); i <= Math.max(a, b); i++) set.add(i)
          } else {
            r = toggleIndex(r, a)
            if (set.has(a)) set.delete(a)
            else set.add(a)
          }
        }
        for (let i = 0; i <= 41; i++) expect(hasIndex(r, i)).toBe(set.has(i))
        // Sorted, disjoint and not touching: one way to write each selection.
        for (let k = 1; k < r.length; k++) expect(r[k][0]).toBeGreaterThan(r[k - 1][1] + 1)
      }),
    )
  })
})
