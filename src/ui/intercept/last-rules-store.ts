/**
 * The rules last applied from this browser, in localStorage. The server owns the rules (its
 * --rules file, then what inspectors set) for its lifetime, so a reload shows them as they are;
 * this copy only lets a restarted server get back what was set here, when the user asks.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { RuleJson } from '../../rules/rules.ts'

export interface AppliedRules {
  rules: RuleJson[]
  holdTimeoutMs?: number
  holdTimeoutAction?: 'forward' | 'drop'
}

interface LastRulesState {
  applied: AppliedRules | null
  remember: (applied: AppliedRules) => void
}

export const LAST_RULES_KEY = 'wsinspect.last-rules'

export const useLastRulesStore = create<LastRulesState>()(
  persist((set) => ({ applied: null, remember: (applied) => set({ applied }) }), { name: LAST_RULES_KEY, version: 1 }),
)
