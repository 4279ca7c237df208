import type { CheckCase } from '../case-definition.ts'
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

/** Every section, in run order. Adding a section = one file + one line here. */
export const SECTIONS: Section[] = [
  { id: 'H', title: 'Opening handshake', cases: SECTION_H },
  { id: '1', title: 'Framing', cases: SECTION_1 },
  { id: '2', title: 'Pings/Pongs', cases: SECTION_2 },
  { id: '3', title: 'Reserved bits', cases: SECTION_3 },
  { id: '4', title: 'Opcodes', cases: SECTION_4 },
  { id: '5', title: 'Fragmentation', cases: SECTION_5 },
  { id: '6', title: 'UTF-8 handling', cases: SECTION_6 },
  { id: '7', title: 'Close handling', cases: SECTION_7 },
  { id: '9', title: 'Limits/performance', cases: SECTION_9 },
  { id: '10', title: 'Auto-fragmentation', cases: SECTION_10 },
  { id: '12', title: 'WebSocket compression (different payloads)', cases: SECTION_12 },
  { id: '13', title: 'WebSocket compression (different parameters)', cases: SECTION_13 },
]

export const ALL_CASES: CheckCase[] = SECTIONS.flatMap((s) => s.cases)
