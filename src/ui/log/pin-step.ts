/**
 * The pin `by` pins from the selected message (+1 the next, −1 the previous), among the pins
 * the log shows, wrapping around; without a selection, the first (or last) pin. Null: no pin shown.
 */
export function stepPin(pins: readonly number[], selected: number | null, by: 1 | -1, shown: (index: number) => boolean): number | null {
  const visible = pins.filter(shown)
  if (visible.length === 0) return null
  if (selected === null) return by > 0 ? visible[0] : visible[visible.length - 1]
  if (by > 0) return visible.find((p) => p > selected) ?? visible[0]
  return visible.findLast((p) => p < selected) ?? visible[visible.length - 1]
}
