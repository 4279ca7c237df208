import { describe, expect, it } from 'vitest'
import { formatByteCount, formatBytes, formatCount } from './format.ts'

describe('number formats', () => {
  it('group digits with commas whatever the locale, bigints exactly', () => {
    expect([formatCount(0), formatCount(65_536), formatCount(1_234_567), formatCount(2n ** 64n - 1n)]).toEqual([
      '0',
      '65,536',
      '1,234,567',
      '18,446,744,073,709,551,615',
    ])
  })

  it('say sizes in prose as exact bytes, singular for one', () => {
    expect([formatByteCount(0), formatByteCount(1), formatByteCount(65_536), formatByteCount(1n)]).toEqual(['0 bytes', '1 byte', '65,536 bytes', '1 byte'])
  })

  it('keep compact binary units for columns and axes', () => {
    expect([formatBytes(5), formatBytes(1536), formatBytes(65_536), formatBytes(1024 ** 2)]).toEqual(['5 B', '1.5 KiB', '64 KiB', '1.0 MiB'])
  })
})
