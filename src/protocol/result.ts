/**
 * Success or a reason, as a value: what parsers of user input (pasted bytes, rules, URLs,
 * JSON files, .proto text) return instead of throwing. `error` is a one-line message unless
 * the caller needs more (a position, a kind).
 */
export type Result<T, E = string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error }
}
