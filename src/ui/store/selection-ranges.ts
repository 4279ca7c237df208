/**
 * A multi-row selection as sorted, disjoint, inclusive ranges of message indices: a Shift-click
 * across a million rows is one range, not a million entries. Rows a filter hides inside a range
 * are not selected rows (the log asks `has` only for what it shows). Values are immutable.
 */
export type SelectionRanges = readonly (readonly [number, number])[]

export const NO_RANGES: SelectionRanges = []

/** The ranges with [a, b] (either order) added, merged with what it touches. */
export function addRange(ranges: SelectionRanges, a: number, b: number): SelectionRanges {
  let from = Math.min(a, b)
  let to = Math.max(a, b)
  const out: (readonly [number, number])[] = []
  for (const [s, e] of ranges) {
    if (e < from - 1 || s > to + 1) out.push([s, e])
    else {
      from = Math.min(from, s)
      to = Math.max(to, e)
    }
  }
  out.push([from, to])
  return out.sort((x, y) => x[0] - y[0])
}

/** The ranges without index i (a range around it splits in two). */
export function removeIndex(ranges: SelectionRanges, i: number): SelectionRanges {
  const out: (readonly [number, number])[] = []
  for (const [s, e] of ranges) {
    if (i < s || i > e) out.push([s, e])
    else {
      if (s < i) out.push([s, i - 1])
      if (i < e) out.push([i + 1, e])
    }
  }
  return out
}

export function hasIndex(ranges: SelectionRanges, i: number): boolean {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const [s, e] = ranges[mid]
    if (i < s) hi = mid - 1
    else if (i > e) lo = mid + 1
    else return true
  }
  return false
}

export function toggleIndex(ranges: SelectionRanges, i: number): SelectionRanges {
  return hasIndex(ranges, i) ? removeIndex(ranges, i) : addRange(ranges, i, i)
}

/**
 * The selected indices that pass `shown`, in order, at most `limit` of them (a copy of a
 * huge selection stops there rather than build a giant string).
 */
export function selectedIndices(ranges: SelectionRanges, shown: (i: number) => boolean, limit = Infinity): number[] {
  const out: number[] = []
  for (const [s, e] of ranges) {
    for (let i = s; i <= e; i++) {
      if (!shown(i)) continue
      if (out.length >= limit) return out
      out.push(i)
    }
  }
  return out
}
