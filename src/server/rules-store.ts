import type { Rule } from '../rules/rules.ts'
import { rulesJson } from '../rules/rules.ts'
import type { RulesEvent } from '../shared/capture-api.ts'

export interface HoldSettings {
  holdTimeoutMs: number
  holdTimeoutAction: 'forward' | 'drop'
}

export const DEFAULT_HOLD: HoldSettings = { holdTimeoutMs: 60_000, holdTimeoutAction: 'forward' }

/**
 * The server's one list of rules (from --rules, edited live in the inspector) and the hold
 * settings. Connections read it for every message, so a change applies from the next message
 * boundary of each direction.
 */
export class RulesStore {
  private listeners = new Set<() => void>()

  constructor(
    public rules: readonly Rule[] = [],
    public hold: HoldSettings = DEFAULT_HOLD,
  ) {}

  set(rules: readonly Rule[], hold: Partial<HoldSettings>): void {
    this.rules = rules
    this.hold = { ...this.hold, ...hold }
    for (const listener of this.listeners) listener()
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  event(t: number): RulesEvent {
    return { type: 'rules', t, rules: rulesJson(this.rules), ...this.hold }
  }
}
