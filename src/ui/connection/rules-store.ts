/** The server's message rules and hold settings: one list for every connection, once the server has said. */
import { create } from 'zustand'
import type { RulesEvent } from '../../shared/capture-api.ts'

export type RulesState = Omit<RulesEvent, 'type' | 't'>

export const useRulesStore = create<{ rules: RulesState | null }>()(() => ({ rules: null }))

/** The server's rules changed (or were announced on connecting). */
export function setRules(e: RulesEvent): void {
  useRulesStore.setState({ rules: { rules: e.rules, holdTimeoutMs: e.holdTimeoutMs, holdTimeoutAction: e.holdTimeoutAction } })
}
