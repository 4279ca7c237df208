import { describe, expect, it } from 'vitest'
import { RecentByIndex } from './recent-by-index.ts'

describe('RecentByIndex', () => {
  it('keeps the last values set and forgets those a later index displaced', () => {
    const recent = new RecentByIndex<string>(4)
    expect(recent.get(0)).toBeUndefined()
    for (let i = 0; i < 10; i++) recent.set(i, `v${i}`)
    expect([6, 7, 8, 9].map((i) => recent.get(i))).toEqual(['v6', 'v7', 'v8', 'v9'])
    expect([0, 5, 10].map((i) => recent.get(i))).toEqual([undefined, undefined, undefined])
    recent.set(7, 'again')
    expect(recent.get(7)).toBe('again')
  })
})
