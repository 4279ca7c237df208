import { describe, expect, it } from 'vitest'
import { compileFilter, isFilterActive, NO_FILTER, type FilterSpec } from './message-filter.ts'
import { FilterScan } from './filter-scan.ts'
import { matchTexts, RegexScan } from './regex-scan.ts'
import { MessageStore } from './message-store.ts'

function storeOf(messages: [string, 'client' | 'server', 'text' | 'binary' | 'ping'][]): MessageStore {
  const store = new MessageStore()
  for (const [data, sender, type] of messages) store.append({ t: 0, sender, type, data: type === 'binary' ? new TextEncoder().encode(data) : data })
  return store
}

function matching(store: MessageStore, spec: Partial<FilterSpec>): number[] {
  const compiled = compileFilter({ ...NO_FILTER, ...spec })
  if (!compiled.ok) throw new Error(compiled.error)
  const scan = new FilterScan(store, compiled.value.matcher)
  scan.step(Infinity)
  return Array.from({ length: scan.count() }, (_, row) => scan.messageAt(row))
}

/** A regex filter in this thread (regex-scan.test.ts runs one in a worker); `finish` runs it to the end. */
function regexScan(store: MessageStore, text: string): { scan: RegexScan; finish: () => Promise<number[]> } {
  const compiled = compileFilter({ ...NO_FILTER, text, regex: true })
  if (!compiled.ok || !compiled.value.regex) throw new Error('not a regex filter')
  let answered = () => {}
  const scan: RegexScan = new RegexScan(
    store,
    compiled.value.matcher!,
    compiled.value.regex,
    () => ({ run: async (request) => matchTexts(request), terminate: () => {} }),
    () => answered(),
  )
  const finish = async () => {
    while (!scan.step()) await new Promise<void>((resolve) => (answered = resolve))
    return Array.from({ length: scan.count() }, (_, row) => scan.messageAt(row))
  }
  return { scan, finish }
}

const regexMatching = (store: MessageStore, text: string) => regexScan(store, text).finish()

const STORE = storeOf([
  ['{"type":"Hello"}', 'client', 'text'],
  ['hello back', 'server', 'text'],
  ['binary HELLO', 'server', 'binary'],
  ['Grüße, HÉLLO', 'server', 'text'],
  ['keepalive', 'client', 'ping'],
])

describe('compileFilter', () => {
  it('lets everything through without a filter', () => {
    expect(isFilterActive(NO_FILTER)).toBe(false)
    expect(compileFilter(NO_FILTER)).toEqual({ ok: true, value: { matcher: null } })
    expect(matching(STORE, {})).toEqual([0, 1, 2, 3, 4])
  })

  it('matches text case-insensitively, in text and binary payloads', () => {
    expect(matching(STORE, { text: 'hello' })).toEqual([0, 1, 2])
    expect(matching(STORE, { text: 'héllo' })).toEqual([3])
    expect(matching(STORE, { text: 'GRÜSSE' })).toEqual([])
  })

  it('does not count a match that runs from one message into the next', () => {
    const store = storeOf([
      ['abc', 'server', 'text'],
      ['def', 'server', 'text'],
      ['xcdefx', 'client', 'text'],
    ])
    expect(matching(store, { text: 'cd' })).toEqual([2])
    expect(matching(store, { text: 'cd', direction: 'received' })).toEqual([])
  })

  it('searches across slabs and chunks', () => {
    const store = new MessageStore()
    for (let i = 0; i < 70_000; i++) store.append({ t: 0, sender: 'server', type: 'text', data: `{"seq":${i},"pad":"${'x'.repeat(300)}"}` })
    expect(store.slabs.slabs.length).toBeGreaterThan(2)
    expect(matching(store, { text: '"SEQ":6553' })).toEqual([6553, ...Array.from({ length: 10 }, (_, k) => 65530 + k)])
  })

  it('filters by direction and type', () => {
    expect(matching(STORE, { direction: 'sent' })).toEqual([0, 4])
    expect(matching(STORE, { direction: 'received', types: ['text'] })).toEqual([1, 3])
    expect(matching(STORE, { text: 'hello', types: ['binary', 'ping'] })).toEqual([2])
  })

  it('matches regular expressions per message, anchors included', async () => {
    expect(await regexMatching(STORE, '^hello')).toEqual([1])
    expect(await regexMatching(STORE, 'h.llo$')).toEqual([2, 3])
    expect(await regexMatching(STORE, '"type":\\s*"\\w+"')).toEqual([0])
    const bad = compileFilter({ ...NO_FILTER, text: '(', regex: true })
    expect(bad.ok).toBe(false)
  })
})

describe('FilterScan', () => {
  it('scans in slices, then new messages incrementally, and counts rows below a pause point', () => {
    const store = new MessageStore()
    for (let i = 0; i < 10_000; i++) store.append({ t: i, sender: 'server', type: 'text', data: i % 3 === 0 ? `tick ${i}` : `tock ${i}` })
    const compiled = compileFilter({ ...NO_FILTER, text: 'tick' })
    const scan = new FilterScan(store, compiled.ok ? compiled.value.matcher : null)
    expect(scan.step(0)).toBe(false) // a past deadline still makes progress, one slice
    expect(scan.scanned).toBeGreaterThan(0)
    scan.step(Infinity)
    expect(scan.count()).toBe(3334)
    store.append({ t: 0, sender: 'server', type: 'text', data: 'tick late' })
    expect(scan.done).toBe(false)
    scan.step(Infinity)
    expect(scan.count()).toBe(3335)
    expect(scan.messageAt(3334)).toBe(10_000)
    expect(scan.rowOf(10_000)).toBe(3334)
    expect(scan.rowOf(1)).toBe(-1)
    expect(scan.count(10)).toBe(4) // paused at 10 messages: 0, 3, 6, 9
  })

  it('regex ranges never read bytes written after they were decoded', async () => {
    const store = new MessageStore()
    store.append({ t: 0, sender: 'server', type: 'text', data: 'a1' })
    const { finish } = regexScan(store, '^a\\d$')
    expect(await finish()).toEqual([0])
    store.append({ t: 0, sender: 'server', type: 'text', data: 'a2' })
    expect(await finish()).toEqual([0, 1])
  })
})
