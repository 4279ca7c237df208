/**
 * Which rows of the log to draw for a scroll position, and where. Browsers cap an element's
 * height (Chromium near 33.5 million pixels, Firefox near 17.9 million): 1.5 million 22-pixel
 * rows would not fit. Past MAX_BODY_PX the scroll area keeps that height and its scrollbar maps
 * onto the rows proportionally (`ratio` row pixels per scrolled pixel), so the last message is
 * always reachable.
 */
export const ROW_HEIGHT = 22
export const MAX_BODY_PX = 15_000_000

export interface LogWindow {
  /** Rows [first, end) to draw. */
  first: number
  end: number
  /** Where the first of them goes, in the scroll area's pixels. */
  offset: number
  /** The scroll area's height. */
  bodyHeight: number
  /** Row pixels per scrolled pixel: 1 until the rows outgrow MAX_BODY_PX. */
  ratio: number
}

export function bodyGeometry(count: number, viewportHeight: number): { bodyHeight: number; ratio: number } {
  const fullHeight = count * ROW_HEIGHT
  const bodyHeight = Math.min(fullHeight, MAX_BODY_PX)
  const ratio = bodyHeight > viewportHeight && fullHeight > bodyHeight ? (fullHeight - viewportHeight) / (bodyHeight - viewportHeight) : 1
  return { bodyHeight, ratio }
}

/** The rows in view at `scrollTop` (plus `overscan` on each side). */
export function logWindow(count: number, scrollTop: number, viewportHeight: number, overscan: number): LogWindow {
  const { bodyHeight, ratio } = bodyGeometry(count, viewportHeight)
  const top = Math.max(0, Math.min(scrollTop, bodyHeight - viewportHeight))
  const rowTop = top * ratio
  const first = Math.max(0, Math.floor(rowTop / ROW_HEIGHT) - overscan)
  const end = Math.max(first, Math.min(count, Math.ceil((rowTop + viewportHeight) / ROW_HEIGHT) + overscan))
  return { first, end, offset: top + first * ROW_HEIGHT - rowTop, bodyHeight, ratio }
}

/** The rows at the end, as drawn when the log follows the newest message (scrolled to the bottom). */
export function tailWindow(count: number, viewportHeight: number): LogWindow {
  return logWindow(count, Infinity, viewportHeight, 1)
}

/**
 * The scrollTop that brings `row` just into view from `scrollTop` (below: to its bottom;
 * above: to its top), or null when it is in view already.
 */
export function revealScrollTop(row: number, count: number, scrollTop: number, viewportHeight: number): number | null {
  const { ratio } = bodyGeometry(count, viewportHeight)
  const rowTop = row * ROW_HEIGHT
  const viewTop = scrollTop * ratio
  if (rowTop < viewTop) return Math.floor(rowTop / ratio)
  if (rowTop + ROW_HEIGHT > viewTop + viewportHeight) return Math.ceil((rowTop + ROW_HEIGHT - viewportHeight) / ratio)
  return null
}
