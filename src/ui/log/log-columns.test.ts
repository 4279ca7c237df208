import { describe, expect, it } from 'vitest'
import { MessageStore } from '../store/message-store.ts'
import { formatBytes } from '../components/format.ts'
import { ratioText } from './log-columns.tsx'

describe('log columns', () => {
  it('computes Ratio from the Size and Wire shown beside it', () => {
    const store = new MessageStore()
    // 47 bytes of text deflated to 11 bytes of payload in one frame with a 6-byte masked header.
    store.append({ t: 0, sender: 'client', type: 'text', data: 'x'.repeat(47), compressed: true, wire: { payload: 11, headers: 6 } })
    expect([formatBytes(store.size(0)), formatBytes(store.wireSize(0)!)]).toEqual(['47 B', '17 B'])
    expect(ratioText(store, 0)).toBe('2.8×')
  })

  it('leaves Ratio empty for a message that was not compressed', () => {
    const store = new MessageStore()
    store.append({ t: 0, sender: 'client', type: 'text', data: 'hello', wire: 'one-frame' })
    expect(ratioText(store, 0)).toBe('')
  })
})
