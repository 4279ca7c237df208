/**
 * Where the log's search text occurs in a string shown on screen (a preview, a payload), so it
 * can be highlighted. The same rules as the filter: plain text matches ASCII letters in either
 * case and everything else exactly; a regular expression is case-insensitive.
 */
export interface SearchQuery {
  text: string
  regex: boolean
}

/** [start, end) ranges in UTF-16 offsets, in order, at most `limit` of them. */
export type TextRange = readonly [number, number]

export function textMatches(hay: string, query: SearchQuery, limit = 1000): TextRange[] {
  if (!query.text) return []
  return query.regex ? regexMatches(hay, query.text, limit) : plainMatches(hay, query.text, limit)
}

function plainMatches(hay: string, text: string, limit: number): TextRange[] {
  const folded = foldAscii(hay)
  const needle = foldAscii(text)
  const out: TextRange[] = []
  for (let at = folded.indexOf(needle); at !== -1 && out.length < limit; at = folded.indexOf(needle, at + needle.length)) {
    out.push([at, at + needle.length])
  }
  return out
}

function regexMatches(hay: string, source: string, limit: number): TextRange[] {
  let re: RegExp
  try {
    re = new RegExp(source, 'gi')
  } catch {
    return []
  }
  const out: TextRange[] = []
  for (const m of hay.matchAll(re)) {
    // Empty matches (`a*`, `^`) mark nothing.
    if (m[0].length > 0) out.push([m.index, m.index + m[0].length])
    if (out.length >= limit) break
  }
  return out
}

/** Lower-cases A–Z only (toLowerCase could change lengths, and the filter folds ASCII only). */
function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32))
}
