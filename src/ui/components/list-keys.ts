/**
 * Keyboard navigation in a grid or list box: the row a key moves the selection to (arrows, Page Up/Down by a
 * screenful, Home/End), or null for keys the grid does not handle. `current` is -1 when no
 * row is selected: then any movement key starts at the first or last row.
 */
export function rowForKey(key: string, current: number, count: number, pageRows: number): number | null {
  if (count === 0) return null
  const last = count - 1
  const clamp = (row: number) => Math.max(0, Math.min(last, row))
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : clamp(current + 1)
    case 'ArrowUp':
      return current < 0 ? last : clamp(current - 1)
    case 'PageDown':
      return clamp((current < 0 ? 0 : current) + pageRows)
    case 'PageUp':
      return clamp((current < 0 ? last : current) - pageRows)
    case 'Home':
      return 0
    case 'End':
      return last
    default:
      return null
  }
}
