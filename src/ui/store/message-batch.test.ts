import { describe, expect, it } from 'vitest'
import { BatchBuilder, BINARY, NON_ASCII } from './message-batch.ts'
import { utf8Decode } from '../../protocol/index.ts'

describe('BatchBuilder', () => {
  it('packs text as UTF-8 and binary as is, growing its buffer as needed', () => {
    const builder = new BatchBuilder()
    builder.add(1, 'héllo')
    builder.add(2, new Uint8Array([1, 2, 3]).buffer)
    const long = 'x'.repeat(100_000)
    builder.add(3, long)
    const batch = builder.take()
    expect(batch.count).toBe(3)
    expect([...batch.times]).toEqual([1, 2, 3])
    expect([...batch.kinds]).toEqual([NON_ASCII, BINARY, 0])
    expect([...batch.sizes]).toEqual([6, 3, 100_000])
    expect(utf8Decode(batch.bytes.subarray(0, 6))).toBe('héllo')
    expect([...batch.bytes.subarray(6, 9)]).toEqual([1, 2, 3])
    expect(batch.bytes.length).toBe(6 + 3 + 100_000)
    expect(builder.count).toBe(0)
  })
})
