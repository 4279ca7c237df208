import type { MessageMeaning, Rule } from './rules.ts'

export type MessageSender = 'client' | 'server'

/** What the rules make of one message. */
export type RuleOutcome =
  /** No rule matched: the message goes on as it came. */
  | { kind: 'pass' }
  /** Replace rules changed it; `rules` are the indexes of those that did. */
  | { kind: 'replace'; data: Uint8Array; rules: number[] }
  | { kind: 'drop'; rule: number; replaced: number[] }
  /** Hold it for the inspector; `data` is the message after any replace rules before the break. */
  | { kind: 'break'; rule: number; data: Uint8Array; replaced: number[] }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Whether any enabled rule could act on this sender's messages (if none, the tap relays byte for byte). */
export function rulesApplyTo(rules: readonly Rule[], sender: MessageSender): boolean {
  return rules.some((r) => r.enabled && (r.direction === 'both' || r.direction === sender))
}

/** Whether an enabled rule for this sender names a decoder or kind (then every message of it must be decoded, in order). */
export function rulesNeedMeaning(rules: readonly Rule[], sender: MessageSender): boolean {
  return rules.some((r) => r.enabled && r.meaning !== null && (r.direction === 'both' || r.direction === sender))
}

/**
 * Runs the rules in order over one data message: replace rules rewrite it in turn (each sees
 * the previous one's result); the first matching drop or break rule ends the run. A regular
 * expression applies to text messages, a hex pattern to binary ones. `meaning` tells what
 * payload decoding made of the original message, for rules with `decoder` or `kind` (asked at
 * most once; without it such rules never match).
 */
export function applyRules(
  rules: readonly Rule[],
  sender: MessageSender,
  type: 'text' | 'binary',
  data: Uint8Array,
  meaning?: () => MessageMeaning | null,
): RuleOutcome {
  let text: string | null = null
  if (type === 'text') {
    try {
      text = decoder.decode(data)
    } catch {
      // Invalid UTF-8 (the decoder reports it): no text rule can apply.
      return { kind: 'pass' }
    }
  }
  let bytes = data
  const replaced: number[] = []
  let meant: MessageMeaning | null | undefined
  const means = (want: NonNullable<Rule['meaning']>) => {
    if (meant === undefined) meant = meaning?.() ?? null
    return meant !== null && (want.decoder === null || want.decoder === meant.decoder) && (want.kind === null || want.kind === meant.kind)
  }
  for (const rule of rules) {
    if (!rule.enabled || (rule.direction !== 'both' && rule.direction !== sender)) continue
    if (rule.meaning && !means(rule.meaning)) continue
    if (rule.match === null) {
      // Any message with that meaning: only drop and break rules have no match.
    } else if (rule.match.kind === 'regex') {
      if (text === null) continue
      const regex = rule.match.regex
      regex.lastIndex = 0
      if (!regex.test(text)) continue
      if (rule.action === 'replace') {
        regex.lastIndex = 0
        const next = text.replace(regex, (rule.replace as { text: string }).text)
        if (next !== text) {
          text = next
          replaced.push(rule.index)
        }
        continue
      }
    } else {
      if (type !== 'binary' || indexOfBytes(bytes, rule.match.bytes, 0) < 0) continue
      if (rule.action === 'replace') {
        bytes = replaceBytes(bytes, rule.match.bytes, (rule.replace as { bytes: Uint8Array }).bytes)
        replaced.push(rule.index)
        continue
      }
    }
    const current = text !== null ? encoder.encode(text) : bytes
    if (rule.action === 'drop') return { kind: 'drop', rule: rule.index, replaced }
    return { kind: 'break', rule: rule.index, data: replaced.length ? current : data, replaced }
  }
  if (!replaced.length) return { kind: 'pass' }
  return { kind: 'replace', data: text !== null ? encoder.encode(text) : bytes, rules: replaced }
}

export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  const last = haystack.length - needle.length
  outer: for (let i = haystack.indexOf(first, from); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/** Every non-overlapping occurrence of `pattern`, left to right, replaced by `replacement`. */
function replaceBytes(data: Uint8Array, pattern: Uint8Array, replacement: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = []
  let start = 0
  for (let i = indexOfBytes(data, pattern, 0); i >= 0; i = indexOfBytes(data, pattern, start)) {
    pieces.push(data.subarray(start, i), replacement)
    start = i + pattern.length
  }
  pieces.push(data.subarray(start))
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of pieces) {
    out.set(p, at)
    at += p.length
  }
  return out
}
