import { describe, expect, it } from 'vitest'
import { ALL_CASES } from './cases/index.ts'
import { FakeEchoServer, type Fault } from './testing/fake-echo-server.ts'
import { drive } from './testing/drive.ts'
import type { CheckCase } from './case-definition.ts'

const byId = (id: string): CheckCase => {
  const found = ALL_CASES.find((c) => c.id === id)
  if (!found) throw new Error(`no case ${id}`)
  return found
}
const against = (id: string, ...faults: Fault[]) => drive(byId(id), new FakeEchoServer(new Set(faults)))

describe('the case engine against a scripted conforming server', () => {
  it.each([
    '1.1.1',
    '1.1.8',
    '1.2.6',
    '2.1',
    '2.10',
    '2.11',
    '3.2',
    '4.1.3',
    '5.6',
    '5.19',
    '6.2.3',
    '6.3.2',
    '7.1.1',
    '7.5.1',
    '7.7.13',
    '7.9.1',
    '10.1.1',
    'H.1.1',
    'H.2.1',
    'H.3.1',
    'H.4.1',
  ])('judges %s OK', (id) => {
    const result = against(id)
    expect([result.behavior, result.closeBehavior], result.observed).toEqual(['OK', 'OK'])
  })

  it('records the fail-fast timing of 6.4.x: a server that checks UTF-8 only at the end of the message is NON-STRICT', () => {
    const result = against('6.4.1')
    // The fake server validates whole messages, like ws.
    expect(result.behavior).toBe('NON-STRICT')
    expect(result.closeBehavior).toBe('OK')
    expect(result.remoteCloseCode).toBe(1007)
  })

  it('keeps the wire frames each way, in order, with their offsets', () => {
    const result = against('2.2')
    expect(result.wire[0]).toMatchObject({ direction: 'sent', offset: 0, truncated: false })
    expect(result.wire[0].hex.startsWith('89 8d')).toBe(true)
    expect(result.wire.find((f) => f.direction === 'received')?.hex.startsWith('8a 0d')).toBe(true)
  })

  it('gives UNIMPLEMENTED for compression cases when the server declines permessage-deflate', () => {
    expect(against('12.1.1')).toMatchObject({ behavior: 'UNIMPLEMENTED', closeBehavior: 'OK' })
    expect(against('H.5.1')).toMatchObject({ behavior: 'UNIMPLEMENTED' })
  })
})

describe('the case engine against scripted faulty servers', () => {
  it('catches a server that never answers a Ping', () => {
    expect(against('2.1', 'no-pong').behavior).toBe('FAILED')
  })

  it('catches a server that echoes invalid UTF-8: wrong behaviour and the wrong endpoint closing', () => {
    const result = against('6.3.1', 'no-utf8-check')
    expect(result.behavior).toBe('FAILED')
    expect(result.closeBehavior).toBe('FAILED')
  })

  it('catches a server that ignores RSV bits: the checker has to close after waiting', () => {
    const result = against('3.1', 'ignore-rsv')
    expect(result.closeBehavior).toBe('FAILED')
    expect(result.observed).toMatch(/wrong endpoint/)
    expect(result.elapsed).toBeGreaterThanOrEqual(1000)
  })

  it('catches a server that ignores reserved opcodes', () => {
    expect(against('4.1.1', 'ignore-opcodes').closeBehavior).toBe('FAILED')
  })

  it('catches a server that answers an invalid close code with 1000', () => {
    const result = against('7.9.1', 'bad-close')
    expect(result).toMatchObject({ behavior: 'FAILED', closeBehavior: 'FAILED', remoteCloseCode: 1000 })
  })

  it('catches a handshake with a wrong accept value and one that upgrades any version', () => {
    expect(against('H.3.1', 'bad-handshake').behavior).toBe('FAILED')
    expect(against('H.1.1', 'bad-handshake').behavior).toBe('FAILED')
    expect(against('1.1.1', 'bad-handshake').behavior).toBe('OK')
  })

  it('catches an invalid permessage-deflate answer', () => {
    expect(against('13.1.1', 'bad-deflate')).toMatchObject({ behavior: 'FAILED' })
    expect(against('13.1.1', 'bad-deflate').observed).toMatch(/server_max_window_bits=7/)
  })

  it('ends a case whose server never answers at the case timeout', () => {
    const silent = { receive: () => ({ bytes: [], closeTcp: false }) }
    const result = drive(byId('1.1.1'), silent, { timeoutMs: 3000 })
    expect(result.behavior).toBe('FAILED')
    expect(result.elapsed).toBe(3000)
    expect(result.observed).toMatch(/opening handshake|3000 ms/)
  })
})
