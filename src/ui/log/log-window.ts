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

/** The narrowest a character of the log's fonts gets (an "i" or a "." at 12–13 px is wider). */
const MIN_CHAR_PX = 3

/**
 * The most characters each column's cells can show: a flexible column (Summary, Preview: its
 * width is where it starts, and the flexible ones share what the row has left equally) what its
 * width allows at MIN_CHAR_PX a character, in steps of 16 so that a resize does not draw every
 * row again for each pixel; a fixed one all of its text. Laying out text past a cell's end costs
 * as much as the text shown.
 */
export function cellChars(columns: readonly { id: string; width: number; flex: boolean }[], rowWidth: number): Record<string, number> {
  const flexible = columns.filter((c) => c.flex).length
  const left = Math.max(0, rowWidth - columns.reduce((sum, c) => sum + c.width, 0))
  const chars: Record<string, number> = {}
  for (const c of columns) chars[c.id] = c.flex ? Math.ceil((c.width + left / flexible) / MIN_CHAR_PX / 16) * 16 : Infinity
  return chars
}
