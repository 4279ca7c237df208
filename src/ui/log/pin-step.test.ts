import { describe, expect, it } from 'vitest'
import { stepPin } from './pin-step.ts'

const all = () => true

describe('stepping between pins', () => {
  it('goes to the next or previous pin, wrapping around', () => {
    expect(stepPin([3, 8, 20], 8, 1, all)).toBe(20)
    expect(stepPin([3, 8, 20], 20, 1, all)).toBe(3)
    expect(stepPin([3, 8, 20], 8, -1, all)).toBe(3)
    expect(stepPin([3, 8, 20], 3, -1, all)).toBe(20)
    // From an unpinned message: the nearest pin that way.
    expect(stepPin([3, 8, 20], 10, 1, all)).toBe(20)
    expect(stepPin([3, 8, 20], 10, -1, all)).toBe(8)
  })

  it('starts at the first or last pin without a selection, and has nowhere to go without pins', () => {
    expect(stepPin([3, 8], null, 1, all)).toBe(3)
    expect(stepPin([3, 8], null, -1, all)).toBe(8)
    expect(stepPin([], 5, 1, all)).toBe(null)
  })

  it('skips pins the filter hides', () => {
    expect(stepPin([3, 8, 20], 3, 1, (i) => i !== 8)).toBe(20)
    expect(stepPin([3, 8, 20], 3, 1, () => false)).toBe(null)
  })
})
