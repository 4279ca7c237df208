import { describe, expect, it } from 'vitest'
import { useHandshakeStore } from './handshake-store.ts'
import { useAcceptStore } from './accept-store.ts'

describe('handshake lab', () => {
  it("starts with the brief's handshake, every check passing", () => {
    const { report, notes } = useHandshakeStore.getState()
    expect(report.checks.length).toBeGreaterThan(15)
    expect(report.checks.filter((c) => !c.ok)).toEqual([])
    expect(notes.map((n) => n.topic)).toContain('client_max_window_bits=15')
  })

  it('re-checks as the text changes, with the parser notes located', () => {
    useHandshakeStore.getState().setText('GET /chat HTTP/1.0\nHost: a\n\nnonsense line here\n')
    const { report } = useHandshakeStore.getState()
    expect(report.checks.find((c) => c.id === 'request-http-version')?.ok).toBe(false)
  })

  it('computes Sec-WebSocket-Accept step by step (RFC 6455 §1.3)', () => {
    const { steps, keyValid } = useAcceptStore.getState()
    expect(keyValid).toBe(true)
    expect(steps.concatenated).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    expect(steps.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea')
    expect(steps.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
    useAcceptStore.getState().randomKey()
    expect(useAcceptStore.getState().keyValid).toBe(true)
  })
})
