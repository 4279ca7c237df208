import type { LogScan } from '../store/filter-scan.ts'

/**
 * The row `by` rows from the selected message (+1 the next, −1 the previous), wrapping around
 * the `rows` rows shown, as a find bar does. No selection starts before the first row (or after
 * the last one); a selected message the filter hides counts from where it would be.
 */
export function stepRow(scan: LogScan, rows: number, selected: number | null, by: 1 | -1): number | null {
  if (rows === 0) return null
  if (selected === null) return by > 0 ? 0 : rows - 1
  const row = scan.rowOf(selected)
  if (row >= 0 && row < rows) return (row + by + rows) % rows
  // Hidden: the first row showing a later message, found by bisection (rows are in message order).
  let lo = 0
  let hi = rows
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (scan.messageAt(mid) < selected) lo = mid + 1
    else hi = mid
  }
  return by > 0 ? lo % rows : (lo - 1 + rows) % rows
}
