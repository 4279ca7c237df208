import { describe, expect, it } from 'vitest'
import { PROTOCOL_CLOSE_CODES } from '../protocol/index.ts'
import { whenToUseCloseCode } from './close-code-advice.ts'

describe('when to use a close code', () => {
  it('has advice for every registered code and every range', () => {
    for (const code of [...PROTOCOL_CLOSE_CODES, 0, 2000, 3000, 4000, 70000]) expect(whenToUseCloseCode(code)).toMatch(/\w/)
    expect(whenToUseCloseCode(1000)).toMatch(/nothing wrong/)
    expect(whenToUseCloseCode(4000)).toMatch(/own application/)
    expect(whenToUseCloseCode(2000)).toBe('Never, until assigned.')
  })
})
