/**
 * The log's column layout as the user left it — which columns show, their order, their widths —
 * remembered in localStorage. Only the user's own choices are stored: a column nobody touched
 * follows its default (log-columns.tsx), which may depend on the data (Wire and Ratio only when
 * frames are known).
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export const COLUMN_LAYOUT_KEY = 'wsinspect.log-columns'

export interface ColumnLayoutState {
  /** Explicit show (true) / hide (false) choices by column id. */
  visibility: Record<string, boolean>
  /** The user's column order (ids); empty: the default order. */
  order: string[]
  /** Widths in pixels the user dragged or keyed, by column id. */
  sizing: Record<string, number>
  setVisible: (id: string, visible: boolean) => void
  /** Moves a column `by` places (−1 left, +1 right) within `current`, the order on screen. */
  move: (current: readonly string[], id: string, by: number) => void
  /** Puts column `id` where column `target` is (a header dropped on another). */
  moveTo: (current: readonly string[], id: string, target: string) => void
  setSizing: (sizing: Record<string, number>) => void
  reset: () => void
}

/** The saved order applied to the known ids: unknown ids dropped, new ones kept at their default place. */
export function orderColumns(saved: readonly string[], ids: readonly string[]): string[] {
  const known = saved.filter((id) => ids.includes(id))
  const out = [...known]
  ids.forEach((id, at) => {
    if (out.includes(id)) return
    // After the nearest column that precedes it by default, or first.
    const before = ids
      .slice(0, at)
      .reverse()
      .find((p) => out.includes(p))
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, id)
  })
  return out
}

/** `order` with `id` moved to index `to` (clamped). */
export function moveColumn(order: readonly string[], id: string, to: number): string[] {
  const from = order.indexOf(id)
  if (from < 0) return [...order]
  const out = order.filter((c) => c !== id)
  out.splice(Math.max(0, Math.min(out.length, to)), 0, id)
  return out
}

export const useColumnLayout = create<ColumnLayoutState>()(
  persist(
    (set) => ({
      visibility: {},
      order: [],
      sizing: {},
      setVisible: (id, visible) => set((s) => ({ visibility: { ...s.visibility, [id]: visible } })),
      move: (current, id, by) => set({ order: moveColumn(current, id, current.indexOf(id) + by) }),
      moveTo: (current, id, target) => set({ order: moveColumn(current, id, current.indexOf(target)) }),
      setSizing: (sizing) => set({ sizing }),
      reset: () => set({ visibility: {}, order: [], sizing: {} }),
    }),
    { name: COLUMN_LAYOUT_KEY, version: 1, partialize: ({ visibility, order, sizing }) => ({ visibility, order, sizing }) },
  ),
)
