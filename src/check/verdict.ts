/** The Autobahn TestSuite's verdicts, from best to worst for the summary. */
export const VERDICTS = ['OK', 'NON-STRICT', 'INFORMATIONAL', 'UNIMPLEMENTED', 'FAILED'] as const

export type Verdict = (typeof VERDICTS)[number]

export type VerdictCounts = Record<Verdict, number>

const RANK: Record<Verdict, number> = { OK: 0, INFORMATIONAL: 1, 'NON-STRICT': 2, UNIMPLEMENTED: 3, FAILED: 4 }

/** One verdict for a case from its behaviour and its closing: the worse of the two. */
export function caseVerdict(behavior: Verdict, closeBehavior: Verdict): Verdict {
  return RANK[behavior] >= RANK[closeBehavior] ? behavior : closeBehavior
}

export function emptyCounts(): VerdictCounts {
  return { OK: 0, 'NON-STRICT': 0, INFORMATIONAL: 0, UNIMPLEMENTED: 0, FAILED: 0 }
}
