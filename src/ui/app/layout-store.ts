/** How the user arranged the inspector, remembered across reloads. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export const LAYOUT_KEY = 'wsinspect.layout'

interface LayoutState {
  /** The details panel's width in pixels, or null for the default (a share of the window). */
  detailsWidth: number | null
  /** The compose box folded away, while only monitoring. */
  composerCollapsed: boolean
  setDetailsWidth: (width: number | null) => void
  setComposerCollapsed: (collapsed: boolean) => void
}

export const useLayoutStore = create<LayoutState>()(
  persist(
    (set) => ({
      detailsWidth: null,
      composerCollapsed: false,
      setDetailsWidth: (detailsWidth) => set({ detailsWidth }),
      setComposerCollapsed: (composerCollapsed) => set({ composerCollapsed }),
    }),
    { name: LAYOUT_KEY, version: 1, partialize: ({ detailsWidth, composerCollapsed }) => ({ detailsWidth, composerCollapsed }) },
  ),
)
