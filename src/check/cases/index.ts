import type { CheckCase } from '../case-definition.ts'
import { SECTION_TITLES } from '../section-titles.ts'
import { SECTION_1 } from './section-1.ts'
import { SECTION_2 } from './section-2.ts'
import { SECTION_3 } from './section-3.ts'
import { SECTION_4 } from './section-4.ts'
import { SECTION_5 } from './section-5.ts'
import { SECTION_6 } from './section-6.ts'
import { SECTION_7 } from './section-7.ts'
import { SECTION_9 } from './section-9.ts'
import { SECTION_10 } from './section-10.ts'
import { SECTION_12, SECTION_13 } from './section-12-13.ts'
import { SECTION_H } from './section-h.ts'

export interface Section {
  id: string
  title: string
  cases: CheckCase[]
}

const CASES: Record<string, CheckCase[]> = {
  H: SECTION_H,
  '1': SECTION_1,
  '2': SECTION_2,
  '3': SECTION_3,
  '4': SECTION_4,
  '5': SECTION_5,
  '6': SECTION_6,
  '7': SECTION_7,
  '9': SECTION_9,
  '10': SECTION_10,
  '12': SECTION_12,
  '13': SECTION_13,
}

/** Every section, in run order. Adding a section = one file, one line here and one in section-titles.ts. */
export const SECTIONS: Section[] = SECTION_TITLES.map((s) => ({ ...s, cases: CASES[s.id] }))

export const ALL_CASES: CheckCase[] = SECTIONS.flatMap((s) => s.cases)
