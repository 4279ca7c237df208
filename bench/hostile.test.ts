import { describe, expect, it } from 'vitest'
import { measureHostile } from './hostile.ts'

describe('bench hostile', () => {
  it('replays every attack against a server child, which survives them and answers the probes', async () => {
    const rows = await measureHostile(2)
    expect(rows.map((r) => r.attack)).toEqual([
      'none (an idle server)',
      'RSV1 frame of 2^50 bytes, empty stored blocks',
      'one message in 1-byte fragments',
      '/tap nested 450 times',
      'cross-origin /tap, /api',
    ])
    for (const row of rows) {
      expect(row.outcome).not.toMatch(/DIED|failed/)
      expect(row.peakRssMB).toBeGreaterThan(0)
    }
    expect(rows[3].outcome).toBe('HTTP/1.1 403 Forbidden')
    expect(rows[4].outcome).toMatch(/^statuses (403 ){5}403 /)
  }, 120_000)
})
