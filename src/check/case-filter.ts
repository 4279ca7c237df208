import type { CheckCase } from './case-definition.ts'

/** Case-id patterns with `*` (`1.*`, `6.4.*`, `12.1.*`); a pattern without `*` also matches the cases under it. */
export function compilePatterns(list: string | undefined): RegExp[] {
  if (!list) return []
  return list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const body = p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')
      return new RegExp(`^${body}${p.includes('*') ? '' : '(\\..*)?'}$`, 'i')
    })
}

export function selectCases(cases: CheckCase[], include: string | undefined, exclude: string | undefined): CheckCase[] {
  const wanted = compilePatterns(include)
  const unwanted = compilePatterns(exclude)
  return cases.filter((c) => (wanted.length === 0 || wanted.some((r) => r.test(c.id))) && !unwanted.some((r) => r.test(c.id)))
}
