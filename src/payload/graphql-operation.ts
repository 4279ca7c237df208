import { isRecord } from './summary.ts'

/** "subscription OnPrice" from a GraphQL request payload (operationName, else the query's first words). */
export function operationOf(payload: unknown): { type: string; name: string | null } {
  if (!isRecord(payload)) return { type: 'query', name: null }
  const query = typeof payload.query === 'string' ? payload.query : ''
  const m = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(query)
  const name = typeof payload.operationName === 'string' ? payload.operationName : (m?.[2] ?? null)
  return { type: m?.[1] ?? 'query', name }
}
