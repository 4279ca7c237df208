/** Saved compose templates, kept in localStorage so they survive reloads. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

/** text and json are sent as text messages; binary bodies are hex; msgpack and cbor bodies are JSON sent encoded. */
export type TemplateFormat = 'text' | 'json' | 'binary' | 'msgpack' | 'cbor'

export interface Template {
  id: string
  name: string
  format: TemplateFormat
  body: string
}

interface TemplatesState {
  templates: Template[]
  /** Saves a template; one with the same name is replaced. */
  save: (template: Omit<Template, 'id'>) => void
  remove: (id: string) => void
}

export const TEMPLATES_KEY = 'wsinspect.templates'

export const useTemplatesStore = create<TemplatesState>()(
  persist(
    (set) => ({
      templates: [],
      save: (template) =>
        set((s) => {
          const existing = s.templates.find((t) => t.name === template.name)
          const saved = { ...template, id: existing?.id ?? crypto.randomUUID() }
          return { templates: existing ? s.templates.map((t) => (t === existing ? saved : t)) : [...s.templates, saved] }
        }),
      remove: (id) => set((s) => ({ templates: s.templates.filter((t) => t.id !== id) })),
    }),
    { name: TEMPLATES_KEY, version: 1 },
  ),
)
