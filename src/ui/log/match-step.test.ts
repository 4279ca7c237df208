import { describe, expect, it } from 'vitest'
import type { LogScan } from '../store/filter-scan.ts'
import { stepRow } from './match-step.ts'

/** A log showing messages 2, 5, 9 and 12. */
const SHOWN = [2, 5, 9, 12]
const scan = { messageAt: (row: number) => SHOWN[row], rowOf: (i: number) => SHOWN.indexOf(i) } as unknown as LogScan

describe('stepping between matching rows', () => {
  it('starts at the first (or last) row without a selection', () => {
    expect(stepRow(scan, 4, null, 1)).toBe(0)
    expect(stepRow(scan, 4, null, -1)).toBe(3)
    expect(stepRow(scan, 0, null, 1)).toBe(null)
  })

  it('moves to the next or previous row, wrapping around', () => {
    expect(stepRow(scan, 4, 5, 1)).toBe(2)
    expect(stepRow(scan, 4, 5, -1)).toBe(0)
    expect(stepRow(scan, 4, 12, 1)).toBe(0)
    expect(stepRow(scan, 4, 2, -1)).toBe(3)
  })

  it('from a message the filter hides, goes to the match after (or before) it', () => {
    expect(stepRow(scan, 4, 6, 1)).toBe(2)
    expect(stepRow(scan, 4, 6, -1)).toBe(1)
    expect(stepRow(scan, 4, 13, 1)).toBe(0)
    expect(stepRow(scan, 4, 0, -1)).toBe(3)
  })

  it('only counts the rows shown (a pause point hides later matches)', () => {
    expect(stepRow(scan, 2, 5, 1)).toBe(0)
    expect(stepRow(scan, 2, 9, 1)).toBe(0)
  })
})
