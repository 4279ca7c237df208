/** The selected message of each connection (its index in the message store). */
import { create } from 'zustand'

interface SelectionState {
  selected: Record<string, number | null>
  select: (id: string, index: number | null) => void
}

export const useSelectionStore = create<SelectionState>()((set) => ({
  selected: {},
  select: (id, index) => set((s) => ({ selected: { ...s.selected, [id]: index } })),
}))

export const useSelected = (id: string) => useSelectionStore((s) => s.selected[id] ?? null)
