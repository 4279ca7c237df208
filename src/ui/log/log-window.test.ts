import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bodyGeometry, cellChars, logWindow, MAX_BODY_PX, revealScrollTop, ROW_HEIGHT, tailWindow } from './log-window.ts'

const VIEW = 440 // 20 rows

describe('log window', () => {
  it('places rows one for one while they fit in the scroll area', () => {
    expect(bodyGeometry(1000, VIEW)).toEqual({ bodyHeight: 22_000, ratio: 1 })
    expect(logWindow(1000, 2200, VIEW, 0)).toEqual({ first: 100, end: 120, offset: 2200, bodyHeight: 22_000, ratio: 1 })
    expect(logWindow(1000, 2200, VIEW, 6)).toMatchObject({ first: 94, end: 126, offset: 94 * ROW_HEIGHT })
    expect(tailWindow(1000, VIEW)).toMatchObject({ first: 979, end: 1000, offset: 979 * ROW_HEIGHT })
    expect(tailWindow(5, VIEW)).toMatchObject({ first: 0, end: 5, offset: 0 })
    expect(logWindow(0, 0, VIEW, 6)).toMatchObject({ first: 0, end: 0 })
  })

  it("keeps a log of millions of rows under the browsers' height limit, its last row reachable", () => {
    const count = 5_000_000
    const { bodyHeight, ratio } = bodyGeometry(count, VIEW)
    expect(bodyHeight).toBe(MAX_BODY_PX)
    expect(ratio).toBeGreaterThan(7)
    // At the bottom of the scroll area: the last 20 rows fill the viewport exactly.
    const bottom = logWindow(count, bodyHeight - VIEW, VIEW, 0)
    expect(bottom).toMatchObject({ first: count - 20, end: count })
    expect(bottom.offset + (bottom.end - bottom.first) * ROW_HEIGHT).toBeCloseTo(bodyHeight, 3)
    expect(tailWindow(count, VIEW)).toMatchObject({ first: count - 21, end: count })
    expect(logWindow(count, 0, VIEW, 0)).toMatchObject({ first: 0, end: 20, offset: 0 })
  })

  it('draws the rows in view at any scroll position, wherever the scroll area ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 44, max: 2000 }),
        (count, at, view) => {
          const { bodyHeight } = bodyGeometry(count, view)
          const scrollTop = Math.max(0, bodyHeight - view) * at
          const w = logWindow(count, scrollTop, view, 0)
          expect(w.first).toBeGreaterThanOrEqual(0)
          expect(w.end).toBeLessThanOrEqual(count)
          // The drawn rows cover the viewport (or all rows, when fewer).
          expect(w.offset).toBeLessThanOrEqual(scrollTop + 1e-6)
          expect(w.offset + (w.end - w.first) * ROW_HEIGHT).toBeGreaterThanOrEqual(Math.min(scrollTop + view, bodyHeight) - 1e-3)
          expect(bodyHeight).toBeLessThanOrEqual(MAX_BODY_PX)
        },
      ),
    )
  })

  it('scrolls just enough to reveal a row, with or without scaling', () => {
    expect(revealScrollTop(10, 1000, 0, VIEW)).toBeNull()
    expect(revealScrollTop(30, 1000, 0, VIEW)).toBe(31 * ROW_HEIGHT - VIEW)
    expect(revealScrollTop(5, 1000, 2200, VIEW)).toBe(5 * ROW_HEIGHT)
    const count = 3_000_000
    const { bodyHeight } = bodyGeometry(count, VIEW)
    for (const row of [0, 1, 1_234_567, count - 1]) {
      const top = revealScrollTop(row, count, row < 10 ? bodyHeight - VIEW : 0, VIEW)!
      const w = logWindow(count, top, VIEW, 0)
      expect(w.first <= row && row < w.end).toBe(true)
      // The row lies entirely inside the viewport.
      const y = w.offset + (row - w.first) * ROW_HEIGHT - top
      expect(y).toBeGreaterThanOrEqual(-1e-6)
      expect(y + ROW_HEIGHT).toBeLessThanOrEqual(VIEW + 1e-6)
    }
  })
})

describe('cell characters', () => {
  it('gives the flexible columns what their width and an equal share of the room left can show, the others everything', () => {
    const columns = [
      { id: 'time', width: 100, flex: false },
      { id: 'summary', width: 200, flex: true },
      { id: 'preview', width: 100, flex: true },
    ]
    // 600 px left, 300 each: (200 + 300) / 3 = 167 → 176; (100 + 300) / 3 = 134 → 144.
    expect(cellChars(columns, 1000)).toEqual({ time: Infinity, summary: 176, preview: 144 })
    // A row narrower than the columns: each flexible column at most its width.
    expect(cellChars(columns, 300)).toEqual({ time: Infinity, summary: 80, preview: 48 })
  })
})
