/** The compose box's draft (one body per format), its repeat settings and a running repeat's progress. */
import { create } from 'zustand'
import type { DraftFormat } from './draft-payload.ts'

export interface RepeatProgress {
  sent: number
  /** null: until stopped. */
  total: number | null
}

interface ComposeState {
  format: DraftFormat
  bodies: Record<DraftFormat, string>
  /** How many messages a repeat sends (0: until stopped), and the pause between them (0: back to back). */
  count: number
  everyMs: number
  repeat: RepeatProgress | null
  /** Why the last send did not happen. */
  problem: string | null
  setFormat: (format: DraftFormat) => void
  setBody: (body: string) => void
  setRepeat: (patch: Partial<Pick<ComposeState, 'count' | 'everyMs'>>) => void
}

export const useComposeStore = create<ComposeState>()((set) => ({
  format: 'text',
  bodies: {
    text: 'Hello, wsinspect!',
    json: '{\n  "type": "hello",\n  "n": 1\n}',
    binary: '01 02 03 04 ff',
    msgpack: '{\n  "type": "hello",\n  "n": 1\n}',
    cbor: '{\n  "type": "hello",\n  "n": 1\n}',
  },
  count: 10,
  everyMs: 1000,
  repeat: null,
  problem: null,
  setFormat: (format) => set({ format, problem: null }),
  setBody: (body) => set((s) => ({ bodies: { ...s.bodies, [s.format]: body }, problem: null })),
  setRepeat: (patch) => set(patch),
}))
