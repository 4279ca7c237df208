/**
 * Vitest's zustand (vitest.setup.ts mocks the module for every test file), after zustand's
 * testing guide: each store `create` makes is the real one, remembered with its initial state,
 * and put back to that state after every test, so no test sees what another left behind.
 */
import { afterEach, vi } from 'vitest'
import type * as Zustand from 'zustand'

const actual = await vi.importActual<typeof Zustand>('zustand')

export const { createStore, useStore } = actual

const resets = new Set<() => void>()

function remembered<T>(store: Zustand.UseBoundStore<Zustand.StoreApi<T>>): Zustand.UseBoundStore<Zustand.StoreApi<T>> {
  const initial = store.getInitialState()
  resets.add(() => store.setState(initial, true))
  return store
}

/** `create(initializer)` and the curried `create<T>()(initializer)`, as zustand's. */
export const create = (<T>(initializer?: Zustand.StateCreator<T, [], []>) =>
  initializer === undefined
    ? (later: Zustand.StateCreator<T, [], []>) => remembered(actual.create<T>()(later))
    : remembered(actual.create<T>()(initializer))) as typeof actual.create

afterEach(() => {
  for (const reset of resets) reset()
})
