/** Test support: fast-check generators of sessions, for round-trip properties. */
import fc from 'fast-check'
import { encodeCloseBody, utf8Encode } from '../../protocol/index.ts'
import type { Session, SessionMessage } from '../../shared/session.ts'

/** Finite doubles without -0, which JSON cannot tell from 0. */
const time = fc.double({ min: 0, max: 4e12, noNaN: true, noDefaultInfinity: true }).map((t) => (t === 0 ? 0 : t))
const count = fc.integer({ min: 0, max: 1_000_000 })
const sender = fc.constantFrom('client' as const, 'server' as const)
const headers = fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 4 })

/** Messages whose fields agree with their data, as a decoder would produce them. */
export const arbitraryMessage: fc.Arbitrary<SessionMessage> = fc
  .record({
    t: time,
    sender,
    kind: fc.constantFrom('text', 'binary', 'close', 'ping', 'pong'),
    text: fc.string({ maxLength: 40 }),
    bytes: fc.uint8Array({ maxLength: 40 }),
    code: fc.constantFrom(1000, 1001, 1011, 4000),
    compressed: fc.boolean(),
    wireLength: fc.option(count, { nil: null }),
    frameCount: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    gap: fc.option(fc.constantFrom('cut' as const, 'not-inflated' as const), { nil: undefined }),
  })
  .map(({ kind, text, bytes, code, gap, ...rest }) => {
    const type = kind as SessionMessage['type']
    const reason = text.slice(0, 20)
    const data = type === 'text' ? utf8Encode(text) : type === 'close' ? encodeCloseBody(code, reason) : bytes.slice(0, type === 'binary' ? 40 : 125)
    return { ...rest, type, data, closeCode: type === 'close' ? code : null, closeReason: type === 'close' ? reason : null, ...(gap && { gap }) }
  })

export const arbitrarySession: fc.Arbitrary<Session> = fc.record({
  info: fc.record({
    id: fc.string(),
    name: fc.string(),
    source: fc.constantFrom('direct', 'tap', 'proxy', 'pcap', 'har', 'paste', 'json'),
    url: fc.string(),
    createdAt: time,
    framesReal: fc.boolean(),
    subprotocol: fc.option(fc.string(), { nil: null }),
    extensions: fc.option(fc.string(), { nil: null }),
    handshake: fc.option(
      fc.record({
        request: fc.option(fc.record({ method: fc.string(), url: fc.string(), httpVersion: fc.option(fc.string(), { nil: null }), headers }), { nil: null }),
        response: fc.option(
          fc.record(
            {
              status: fc.integer({ min: 0, max: 599 }),
              statusText: fc.string(),
              httpVersion: fc.option(fc.string(), { nil: null }),
              headers,
              headersMissing: fc.constant(true as const),
            },
            { requiredKeys: ['status', 'statusText', 'httpVersion', 'headers'] },
          ),
          { nil: null },
        ),
      }),
      { nil: null },
    ),
    endpoints: fc.option(fc.record({ client: fc.string(), server: fc.string() }), { nil: null }),
    notes: fc.array(fc.string(), { maxLength: 3 }),
  }),
  messages: fc.array(arbitraryMessage, { maxLength: 8 }),
  frames: fc.array(
    fc.record({
      t: time,
      sender,
      offset: count,
      header: fc.uint8Array({ minLength: 2, maxLength: 14 }),
      payload: fc.uint8Array({ maxLength: 30 }),
      messageIndex: fc.option(count, { nil: null }),
      injected: fc.boolean(),
    }),
    { maxLength: 8 },
  ),
  events: fc.array(
    fc.record({
      t: time,
      kind: fc.constantFrom('connecting', 'open', 'error', 'closing', 'closed', 'note'),
      readyState: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      detail: fc.string(),
      closeCode: fc.option(fc.integer({ min: 1000, max: 4999 }), { nil: null }),
      wasClean: fc.option(fc.boolean(), { nil: null }),
    }),
    { maxLength: 4 },
  ),
  findings: fc.array(
    fc.record({
      t: time,
      sender,
      finding: fc.record({
        code: fc.string(),
        severity: fc.constantFrom('error', 'warning', 'info'),
        closeCode: fc.option(fc.integer({ min: 1000, max: 4999 }), { nil: null }),
        rfc: fc.string(),
        message: fc.string(),
        offset: count,
        length: count,
      }),
    }),
    { maxLength: 4 },
  ),
})
