import { beforeAll, describe, expect, it, vi } from 'vitest'

/** A window.localStorage stand-in for Node; the store persists through it as in the browser. */
const storage = new Map<string, string>()
beforeAll(() => {
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
      removeItem: (k: string) => storage.delete(k),
    },
  })
})

describe('templates store', () => {
  it('saves, replaces by name, removes, and persists to localStorage', async () => {
    const { useTemplatesStore, TEMPLATES_KEY } = await import('./templates-store.ts')
    const { save, remove } = useTemplatesStore.getState()
    save({ name: 'hello', format: 'text', body: 'hi' })
    save({ name: 'sub', format: 'json', body: '{"op":"subscribe"}' })
    save({ name: 'hello', format: 'text', body: 'hi again' })
    const templates = useTemplatesStore.getState().templates
    expect(templates.map((t) => [t.name, t.body])).toEqual([
      ['hello', 'hi again'],
      ['sub', '{"op":"subscribe"}'],
    ])
    expect(JSON.parse(storage.get(TEMPLATES_KEY)!).state.templates).toHaveLength(2)
    remove(templates[0].id)
    expect(JSON.parse(storage.get(TEMPLATES_KEY)!).state.templates.map((t: { name: string }) => t.name)).toEqual(['sub'])
  })

  it('restores saved templates when the app loads again', async () => {
    vi.resetModules()
    const { useTemplatesStore } = await import('./templates-store.ts')
    await useTemplatesStore.persist.rehydrate()
    expect(useTemplatesStore.getState().templates.map((t) => t.name)).toEqual(['sub'])
  })
})
