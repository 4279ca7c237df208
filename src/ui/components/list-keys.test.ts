import { describe, expect, it } from 'vitest'
import { rowForKey } from './list-keys.ts'

describe('rowForKey', () => {
  it('moves by one, by a page, and to either end, within the rows', () => {
    expect(rowForKey('ArrowDown', 3, 10, 5)).toBe(4)
    expect(rowForKey('ArrowDown', 9, 10, 5)).toBe(9)
    expect(rowForKey('ArrowUp', 0, 10, 5)).toBe(0)
    expect(rowForKey('PageDown', 3, 10, 5)).toBe(8)
    expect(rowForKey('PageDown', 8, 10, 5)).toBe(9)
    expect(rowForKey('PageUp', 3, 10, 5)).toBe(0)
    expect([rowForKey('Home', 5, 10, 5), rowForKey('End', 5, 10, 5)]).toEqual([0, 9])
  })

  it('starts from an end when nothing is selected, and ignores other keys', () => {
    expect(rowForKey('ArrowDown', -1, 10, 5)).toBe(0)
    expect(rowForKey('ArrowUp', -1, 10, 5)).toBe(9)
    expect(rowForKey('Enter', 2, 10, 5)).toBeNull()
    expect(rowForKey('ArrowDown', -1, 0, 5)).toBeNull()
  })
})
