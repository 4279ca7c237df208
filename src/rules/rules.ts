/**
 * Match-and-replace rules for messages in flight (`wsinspect proxy --rules FILE`, also edited
 * in the inspector). Pure and isomorphic: the server applies them, the app checks them as they
 * are typed. The JSON shape is a public contract (docs/proxy.md):
 *
 *   [{ "direction": "client" | "server" | "both",
 *      "match": "regex" | { "hex": "de ad be ef" },
 *      "action": "replace" | "drop" | "break",       (default "replace" when "replace" is given)
 *      "replace": "text with $1 groups" | { "hex": "…" },
 *      "decoder": "socket.io", "kind": "event" }]        (optional, wsinspect's own additions)
 *
 * `decoder` and `kind` narrow a rule to messages that payload decoding (src/payload) reads with
 * that decoder id, or as that kind; with either, `match` may be left out (any such message).
 */
import { err, ok, type Result } from '../protocol/index.ts'

export type RuleDirection = 'client' | 'server' | 'both'
export type RuleAction = 'replace' | 'drop' | 'break'

/** A rule as written in JSON. */
export interface RuleJson {
  direction: RuleDirection
  /** Required unless `decoder` or `kind` is given. */
  match?: string | { hex: string }
  action?: RuleAction
  replace?: string | { hex: string }
  /** A label for people; ignored by the engine. */
  name?: string
  comment?: string
  /** false: kept in the list but not applied. Default true. */
  enabled?: boolean
  /** Only messages the payload decoding reads with this decoder (its id, e.g. "socket.io"). */
  decoder?: string
  /** Only messages of this payload kind (e.g. "event", "heartbeat"). */
  kind?: PayloadKindName
}

/** The payload kinds of payload-decoding.md, which a rule may name. */
export const PAYLOAD_KINDS = ['data', 'event', 'request', 'response', 'error', 'subscribe', 'unsubscribe', 'heartbeat', 'control'] as const
export type PayloadKindName = (typeof PAYLOAD_KINDS)[number]

/** What payload decoding made of a message, for rules with `decoder` or `kind`. */
export interface MessageMeaning {
  /** The innermost decoder's id, or null when none read it. */
  decoder: string | null
  kind: string
}

/** A checked rule, its pattern compiled. */
export interface Rule {
  /** Position in the list (0-based), for "rule 2 replaced …" reports. */
  index: number
  direction: RuleDirection
  enabled: boolean
  action: RuleAction
  /** null: any message (the rule names a decoder or kind instead). */
  match: { kind: 'regex'; source: string; regex: RegExp } | { kind: 'hex'; bytes: Uint8Array } | null
  /** Conditions on what payload decoding made of the message; null when the rule has none. */
  meaning: { decoder: string | null; kind: string | null } | null
  /** For action 'replace': text (with $1… groups) for a regex, bytes for a hex pattern. */
  replace: { kind: 'text'; text: string } | { kind: 'hex'; bytes: Uint8Array } | null
  /** The rule as given, to send back to the app. */
  json: RuleJson
}

/** Thrown inside the parser only; callers get its one-line message as a Result's error. */
class RulesError extends Error {}

const KEYS = new Set(['direction', 'match', 'action', 'replace', 'name', 'comment', 'enabled', 'decoder', 'kind'])
const DIRECTIONS: readonly RuleDirection[] = ['client', 'server', 'both']
const ACTIONS: readonly RuleAction[] = ['replace', 'drop', 'break']
/** Rules in one list: each message is tried against all of them. */
export const MAX_RULES = 200

/** Reads a rules file's text: a JSON array of rules (or `{"rules": [...]}`). */
export function parseRulesText(text: string): Result<Rule[]> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return err(`not JSON: ${(e as Error).message}`)
  }
  return parseRules(json)
}

/** The rules, or one line naming the rule and the field that cannot be used. */
export function parseRules(json: unknown): Result<Rule[]> {
  try {
    return ok(readRules(json))
  } catch (e) {
    if (e instanceof RulesError) return err(e.message)
    throw e
  }
}

function readRules(json: unknown): Rule[] {
  const list = json !== null && typeof json === 'object' && !Array.isArray(json) && 'rules' in json ? (json as { rules: unknown }).rules : json
  if (!Array.isArray(list)) throw new RulesError('rules must be a JSON array of rules such as [{"direction":"client","match":"ping","action":"drop"}]')
  if (list.length > MAX_RULES) throw new RulesError(`${list.length} rules: at most ${MAX_RULES} are allowed`)
  return list.map((item, index) => parseRule(item, index))
}

function parseRule(item: unknown, index: number): Rule {
  const fail = (message: string): never => {
    throw new RulesError(`rule ${index + 1}: ${message}`)
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return fail(`must be an object, not ${JSON.stringify(item)}`)
  const r = item as Record<string, unknown>
  for (const key of Object.keys(r)) if (!KEYS.has(key)) fail(`unknown key "${key}" (known: ${[...KEYS].join(', ')})`)
  if (!DIRECTIONS.includes(r.direction as RuleDirection)) fail(`"direction" must be "client", "server" or "both", not ${JSON.stringify(r.direction)}`)
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') fail(`"enabled" must be true or false, not ${JSON.stringify(r.enabled)}`)
  for (const key of ['name', 'comment'] as const) if (r[key] !== undefined && typeof r[key] !== 'string') fail(`"${key}" must be a string`)
  if (r.decoder !== undefined && (typeof r.decoder !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(r.decoder)))
    fail(`"decoder" must be a payload decoder id such as "socket.io", not ${JSON.stringify(r.decoder)}`)
  if (r.kind !== undefined && !PAYLOAD_KINDS.includes(r.kind as PayloadKindName))
    fail(`"kind" must be one of ${PAYLOAD_KINDS.map((k) => `"${k}"`).join(', ')}, not ${JSON.stringify(r.kind)}`)
  const meaning =
    r.decoder !== undefined || r.kind !== undefined
      ? { decoder: (r.decoder as string | undefined) ?? null, kind: (r.kind as string | undefined) ?? null }
      : null
  const match = r.match === undefined && meaning ? null : parseMatch(r.match, fail)
  if (r.action !== undefined && !ACTIONS.includes(r.action as RuleAction))
    fail(`"action" must be "replace", "drop" or "break", not ${JSON.stringify(r.action)}`)
  const action: RuleAction | undefined = (r.action as RuleAction | undefined) ?? (r.replace !== undefined ? 'replace' : undefined)
  if (!action) return fail('has neither "action" nor "replace": say what to do with a matching message ("replace", "drop" or "break")')
  let replace: Rule['replace'] = null
  if (action === 'replace') {
    if (r.replace === undefined) fail('"action": "replace" needs a "replace" value')
    if (!match) return fail('"action": "replace" needs a "match" to replace')
    replace = parseReplace(r.replace, match.kind, fail)
  } else if (r.replace !== undefined) {
    fail(`"replace" is only used with "action": "replace", not "${action}"`)
  }
  return { index, direction: r.direction as RuleDirection, enabled: r.enabled !== false, action, match, meaning, replace, json: item as RuleJson }
}

function parseMatch(value: unknown, fail: (message: string) => never): Rule['match'] {
  if (typeof value === 'string') {
    if (value === '') fail('"match" is empty: it would match every text message; use "^" to mean that')
    try {
      return { kind: 'regex', source: value, regex: new RegExp(value, 'g') }
    } catch (e) {
      return fail(`"match" is not a valid regular expression: ${(e as Error).message}`)
    }
  }
  const hex = hexField(value)
  if (hex === undefined) return fail(`"match" must be a regular expression string or {"hex": "…"}, not ${JSON.stringify(value)}`)
  const bytes = parseHex(hex)
  if (!bytes) return fail(`"match" {"hex": ${JSON.stringify(hex)}} is not hexadecimal bytes (pairs of 0-9a-f, spaces allowed)`)
  if (bytes.length === 0) return fail('"match" {"hex": ""} has no bytes')
  return { kind: 'hex', bytes }
}

function parseReplace(value: unknown, kind: 'regex' | 'hex', fail: (message: string) => never): NonNullable<Rule['replace']> {
  if (kind === 'regex') {
    if (typeof value !== 'string') return fail(`a regular-expression rule replaces with a string (with $1… for groups), not ${JSON.stringify(value)}`)
    return { kind: 'text', text: value }
  }
  const hex = hexField(value)
  if (hex === undefined) return fail(`a {"hex": …} rule replaces with {"hex": "…"}, not ${JSON.stringify(value)}`)
  const bytes = parseHex(hex)
  if (!bytes) return fail(`"replace" {"hex": ${JSON.stringify(hex)}} is not hexadecimal bytes`)
  return { kind: 'hex', bytes }
}

function hexField(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  const hex = (value as { hex?: unknown }).hex
  return keys.length === 1 && typeof hex === 'string' ? hex : undefined
}

/** "de ad BE:ef" → bytes; null when it is not whole bytes of hex digits. */
export function parseHex(text: string): Uint8Array | null {
  const digits = text.replace(/[\s:]/g, '')
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) return null
  const bytes = new Uint8Array(digits.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

export function rulesJson(rules: readonly Rule[]): RuleJson[] {
  return rules.map((r) => r.json)
}
