import { describe, expect, it } from 'vitest'
import { AUTO_CHOICE, Connection } from './connection.ts'
import { append } from './ingest.ts'
import { inProcessPort } from './payload-port.ts'

const noRegex = () => {
  throw new Error('no regex in these tests')
}

function connection(): Connection {
  return new Connection('c', noRegex, () => null, inProcessPort)
}

function fill(c: Connection, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) {
    const data = i % 2 ? `{"jsonrpc":"2.0","result":${i},"id":${i - 1}}` : `{"jsonrpc":"2.0","method":"m${i}","id":${i}}`
    append(c, { t: i, sender: i % 2 ? 'server' : 'client', type: 'text', data })
  }
  c.requestRender()
}

/** Lets the payload decoder's answers (and the scans they start) arrive. */
async function settle(c: Connection): Promise<void> {
  for (let round = 0; round < 200 && (c.decoded.length < c.messages.length || !c.scan.done); round++) await new Promise((r) => setTimeout(r, 1))
}

describe('payload decoding in the payload worker (in-process here)', () => {
  it('decodes what the log stores, in order, into the column the log reads', async () => {
    const c = connection()
    fill(c, 10_000)
    expect(c.decoded.ready(0)).toBe(false)
    await settle(c)
    expect(c.decoded.length).toBe(10_000)
    expect(c.decoded.decoder(9_999)).toBe('json-rpc')
    expect(c.decoded.kind(9_998)).toBe('request')
    expect(c.decoded.partner(9_998)).toBe(9_999)
    fill(c, 2, 10_000)
    await settle(c)
    expect(c.decoded.summary(10_001)).toContain('10001')
    c.dispose()
  })

  it('a new decoding choice decodes every message again; clearing starts over', async () => {
    const c = connection()
    fill(c, 100)
    await settle(c)
    c.choosePayload({ ...AUTO_CHOICE, decoder: 'none' }, { mode: 'none', proto: null }, null)
    expect(c.decoded.length).toBe(0)
    await settle(c)
    expect(c.decoded.length).toBe(100)
    expect(c.decoded.decoder(50)).toBeNull()
    c.clear()
    expect(c.decoded.length).toBe(0)
    fill(c, 3)
    await settle(c)
    expect(c.decoded.length).toBe(3)
    c.dispose()
  })

  it('a filter on decoding waits for the decoder, then shows exactly the matches', async () => {
    const c = connection()
    fill(c, 5_000)
    c.setFilter({ kind: 'response' })
    expect(c.scan.done).toBe(false)
    await settle(c)
    expect(c.scan.done).toBe(true)
    expect(c.scan.count()).toBe(2_500)
    expect(c.view.getState().scanning).toBe(false)
    c.dispose()
  })

  it('a new row waits a moment for its decoding (a log following a stream shows summaries); an old one shows at once', async () => {
    const c = connection()
    append(c, { t: Date.now(), sender: 'server', type: 'text', data: '{"a":1}' })
    append(c, { t: Date.now(), sender: 'server', type: 'text', data: '{"a":2}' })
    c.publishLog()
    expect(c.view.getState().log.rows).toBe(0)
    await settle(c)
    c.publishLog()
    expect(c.view.getState().log.rows).toBe(2)
    c.dispose()
    const old = connection()
    append(old, { t: Date.now() - 60_000, sender: 'server', type: 'text', data: '{"a":3}' })
    old.publishLog()
    expect(old.view.getState().log.rows).toBe(1)
    expect(old.decoded.ready(0)).toBe(false)
    old.dispose()
  })

  it('a busy decoder holds back only the newest rows: those older than the wait show, decoded or not', async () => {
    const c = connection()
    append(c, { t: Date.now() - 60_000, sender: 'server', type: 'text', data: '{"a":1}' })
    append(c, { t: Date.now() - 30_000, sender: 'server', type: 'text', data: '{"a":2}' })
    append(c, { t: Date.now(), sender: 'server', type: 'text', data: '{"a":3}' })
    c.publishLog()
    expect(c.decoded.length).toBe(0)
    expect(c.view.getState().log.rows).toBe(2)
    await settle(c)
    c.publishLog()
    expect(c.view.getState().log.rows).toBe(3)
    c.dispose()
  })

  it('a disposed connection drops answers still on their way', async () => {
    const c = connection()
    fill(c, 10)
    c.dispose()
    await new Promise((r) => setTimeout(r, 5))
    expect(c.decoded.length).toBe(0)
  })
})
