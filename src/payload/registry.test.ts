import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PayloadInput } from './payload-input.ts'
import { payloadRegistry } from './registry.ts'
import { PayloadSession } from './session.ts'
import { adversarialJsonText } from './testing/adversarial-json.ts'
import { protocolMessage } from './testing/arbitrary-payloads.ts'
import type { DecodeContext, PayloadResult } from './types.ts'

function context(): DecodeContext {
  const ctx: DecodeContext = {
    direction: 'server',
    subprotocol: null,
    state: new Map(),
    connection: new Map(),
    options: {},
    inner: () => ({ decoder: null, layers: [], kind: 'data', summary: '', correlation: null, value: null, errors: [] }) satisfies PayloadResult,
  }
  return ctx
}

/** Text shaped like the protocols' messages, so sniffers get past their first checks. */
const protocolish = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .tuple(fc.constantFrom('4', '42', '451-', '0', 'a', 'c', 'SEND\n', 'CONNECT\n', 'MESSAGE\n', '[48,', '{"type":"', '{"jsonrpc":"2.0",'), fc.string())
    .map(([a, b]) => a + b),
)

describe('payload registry', () => {
  it('has unique ids and subprotocols that pick their decoder', () => {
    expect(new Set(payloadRegistry.ids).size).toBe(payloadRegistry.ids.length)
    expect(payloadRegistry.forSubprotocol('V12.STOMP')?.id).toBe('stomp')
    expect(payloadRegistry.forSubprotocol('graphql-ws')?.id).toBe('subscriptions-transport-ws')
    expect(payloadRegistry.expand(['socket.io'])).toEqual(['engine.io', 'socket.io'])
  })

  it('no decoder throws on random bytes or random text, in sniff or decode', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => new PayloadInput(b, false)),
          protocolish.map((t) => PayloadInput.ofText(t)),
        ),
        (input) => {
          for (const d of payloadRegistry.all) {
            const ctx = context()
            const c = d.sniff(input, ctx)
            expect(c).toBeGreaterThanOrEqual(0)
            expect(c).toBeLessThanOrEqual(1)
            const r = d.decode(input, ctx)
            expect(typeof r.summary).toBe('string')
            for (const e of r.errors ?? []) expect(e.offset).toBeGreaterThanOrEqual(0)
            JSON.stringify(r.value)
          }
        },
      ),
      { numRuns: 400 },
    )
  })

  it('a decoder sniffs above 0 only messages whose first byte passes its starts gate, whatever the state', () => {
    // States the sniffers read: Engine.IO and STOMP seen, a zlib stream open, attachments due.
    const states: [string, unknown][][] = [
      [],
      [
        ['engine.io', true],
        ['stomp', true],
        ['zlib-stream', {}],
        ['socket.io.pending', {}],
      ],
    ]
    fc.assert(
      fc.property(
        protocolMessage,
        fc.boolean(),
        fc.constantFrom(...states),
        fc.constantFrom('client' as const, 'server' as const),
        (m, isText, state, direction) => {
          const input = new PayloadInput(typeof m === 'string' ? new TextEncoder().encode(m) : m, isText)
          const first = input.bytes.length ? input.bytes[0] : -1
          for (const d of payloadRegistry.all) {
            if (!d.starts || d.starts(first, isText)) continue
            expect({ id: d.id, score: d.sniff(input, { ...context(), direction, state: new Map(state) }) }).toEqual({ id: d.id, score: 0 })
          }
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('a sniffer with objectKeys answers 0 on a JSON object with none of them, in any state and direction', () => {
    const states: [string, unknown][][] = [
      [],
      [
        ['engine.io', true],
        ['stomp', true],
      ],
    ]
    fc.assert(
      fc.property(adversarialJsonText, fc.constantFrom(...states), fc.constantFrom('client' as const, 'server' as const), (text, state, direction) => {
        let v: unknown
        try {
          v = JSON.parse(text)
        } catch {
          return
        }
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return
        const input = new PayloadInput(new TextEncoder().encode(text), true)
        for (const d of payloadRegistry.all) {
          if (!d.objectKeys || d.objectKeys.some((k) => Object.hasOwn(v, k))) continue
          expect({ id: d.id, score: d.sniff(input, { ...context(), direction, state: new Map(state) }) }).toEqual({ id: d.id, score: 0 })
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('a session never throws and always answers the contract shape', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 100 }), protocolish), { maxLength: 12 }), (messages) => {
        const session = new PayloadSession()
        for (const m of messages) {
          const r = typeof m === 'string' ? session.decode(new TextEncoder().encode(m), true, 'client') : session.decode(m, false, 'client')
          expect(Object.keys(r).sort()).toEqual(['correlation', 'decoder', 'errors', 'kind', 'layers', 'summary', 'value'])
          expect(r.decoder === null ? r.layers.length === 0 : r.layers.at(-1) === r.decoder).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('identifyMessage names the decoder decoding would, message after message (what --stats counts)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 100 }), protocolish), { maxLength: 12 }), (messages) => {
        const [decoding, identifying] = [new PayloadSession(), new PayloadSession()]
        for (const m of messages) {
          const [bytes, type] = typeof m === 'string' ? [new TextEncoder().encode(m), 'text'] : [m, 'binary']
          expect(identifying.identifyMessage(type, bytes, 'server')).toBe(decoding.decodeMessage(type, bytes, 'server').decoder)
        }
      }),
      { numRuns: 300 },
    )
  })
})
