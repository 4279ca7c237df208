import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyMask } from './mask.ts'

/** RFC 6455 §5.3, byte by byte: octet i is XORed with octet (i mod 4) of the key. */
function reference(source: Uint8Array, key: number, keyIndex: number): number[] {
  return [...source].map((b, i) => b ^ ((key >>> (24 - 8 * ((keyIndex + i) & 3))) & 0xff))
}

describe('applyMask', () => {
  it('XORs with the key as §5.3 says wherever source and target sit in their buffers, in place too', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 32, maxLength: 300 })),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.nat({ max: 7 }),
        fc.nat({ max: 7 }),
        fc.nat({ max: 7 }),
        fc.boolean(),
        (payload, key, keyIndex, sourceAt, targetAt, inPlace) => {
          const sourceBuffer = new Uint8Array(sourceAt + payload.length + 5)
          sourceBuffer.set(payload, sourceAt + 1)
          // A view that does not start its buffer, as a chunk of a larger read does.
          const source = sourceBuffer.subarray(1)
          const target = inPlace ? source : new Uint8Array(targetAt + payload.length + 5).subarray(2)
          const targetStart = inPlace ? sourceAt : targetAt
          const before = [...target]
          applyMask(source, sourceAt, sourceAt + payload.length, key, keyIndex, target, targetStart)
          expect([...target.subarray(targetStart, targetStart + payload.length)]).toEqual(reference(payload, key, keyIndex))
          // Nothing else written.
          expect([...target.subarray(0, targetStart)]).toEqual(before.slice(0, targetStart))
          expect([...target.subarray(targetStart + payload.length)]).toEqual(before.slice(targetStart + payload.length))
        },
      ),
      { numRuns: 3000 },
    )
  })
})
