import { parseRules, type Rule } from '../rules.ts'

/** Rules a test knows to be valid: a parse failure fails the test with its message. */
export function rulesOf(json: unknown): Rule[] {
  const parsed = parseRules(json)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}
