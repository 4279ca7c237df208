import { describe, expect, it } from 'vitest'
import { formatClock } from '../components/format.ts'
import { copyRows } from './copy-rows.ts'
import type { RowMessage } from './copy-formats.ts'

const enc = new TextEncoder()
const ROWS: RowMessage[] = [
  { index: 0, t: Date.UTC(2026, 0, 1), sender: 'client', type: 'text', data: enc.encode('a\tb\nc'), size: 5 },
  { index: 4, t: Date.UTC(2026, 0, 1, 0, 0, 1), sender: 'server', type: 'binary', data: new Uint8Array([0, 255]), size: 2 },
]

describe('copying rows', () => {
  it('as tab-separated lines, a line per message whatever its payload holds', () => {
    expect(copyRows('lines', ROWS).split('\n')).toEqual([
      `1\t${formatClock(ROWS[0].t)}\tsent\ttext\t5\ta\\tb\\nc`,
      `5\t${formatClock(ROWS[1].t)}\treceived\tbinary\t2\t00 ff`,
    ])
  })

  it('as JSON Lines that parse back to the message records', () => {
    const lines = copyRows('jsonl', ROWS)
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toEqual([
      { number: 1, time: '2026-01-01T00:00:00.000Z', direction: 'sent', type: 'text', size: 5, text: 'a\tb\nc' },
      { number: 5, time: '2026-01-01T00:00:01.000Z', direction: 'received', type: 'binary', size: 2, base64: 'AP8=' },
    ])
  })
})
