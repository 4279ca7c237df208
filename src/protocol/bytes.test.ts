import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex, toHex } from './bytes.ts'

describe('toHex', () => {
  it('writes two lower-case digits per byte at any length (short and long bytes take different paths), and fromHex reads them back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const hex = toHex(bytes)
        expect(hex).toBe(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''))
        expect(fromHex(hex)).toEqual(bytes)
        expect(toHex(bytes, ' ')).toBe(hex.replace(/(..)(?!$)/g, '$1 '))
      }),
      { numRuns: 500 },
    )
  })
})
