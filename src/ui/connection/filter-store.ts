/**
 * The log filter of each connection: the spec the toolbar edits, the error when its regular
 * expression does not compile, and whether a scan is still running. Setting a spec compiles
 * it and starts a fresh background scan.
 */
import { create } from 'zustand'
import { connectionData, setMatcher } from './connection-data.ts'
import { runScan, onScanProgress } from './filter-runner.ts'
import { compileFilter, NO_FILTER, type FilterSpec } from '../store/message-filter.ts'
import { useLogStore } from './log-store.ts'

interface FilterState {
  specs: Record<string, FilterSpec>
  errors: Record<string, string>
  scanning: Record<string, boolean>
  setFilter: (id: string, patch: Partial<FilterSpec>) => void
}

export const useFilterStore = create<FilterState>()((set, get) => ({
  specs: {},
  errors: {},
  scanning: {},
  setFilter: (id, patch) => {
    const spec = { ...(get().specs[id] ?? NO_FILTER), ...patch }
    const compiled = compileFilter(spec, sampleOf(id))
    const errors = { ...get().errors }
    if (compiled.ok) {
      delete errors[id]
      setMatcher(id, compiled.matcher)
    } else {
      errors[id] = compiled.error
    }
    set({ specs: { ...get().specs, [id]: spec }, errors })
    useLogStore.getState().bump([id])
    if (compiled.ok) runScan(id)
  },
}))

onScanProgress((id, done) => {
  if (useFilterStore.getState().scanning[id] !== !done) useFilterStore.setState((s) => ({ scanning: { ...s.scanning, [id]: !done } }))
})

/** Stored bytes to tune a text search by: the first 64 KiB of the log. */
function sampleOf(id: string): Uint8Array | undefined {
  const slab = connectionData(id).messages.slabs.slabs[0]
  return slab?.subarray(0, 64 * 1024)
}

export const useFilterSpec = (id: string) => useFilterStore((s) => s.specs[id] ?? NO_FILTER)
