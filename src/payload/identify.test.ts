import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PayloadRegistry, payloadRegistry } from './registry.ts'
import { PayloadSession, type PayloadSessionOptions } from './session.ts'
import { adversarialJsonBytes } from './testing/adversarial-json.ts'
import { protocolMessage, protocolSequence } from './testing/arbitrary-payloads.ts'
import type { TestMessage } from './testing/decode-all.ts'

/** The full path without the first-byte gates: every decoder is asked about every message. */
const ungated = new PayloadRegistry(payloadRegistry.all.map((d) => ({ ...d, starts: undefined })))

const asMessage = (m: TestMessage): [string, Uint8Array] => (typeof m === 'string' ? ['text', new TextEncoder().encode(m)] : ['binary', m])

describe('identifyMessage (what --stats counts)', () => {
  // Sessions as the command line makes them: guessing, a negotiated subprotocol, forced layers.
  const settings: PayloadSessionOptions[] = [{}, { subprotocol: 'wamp.2.json' }, { subprotocol: 'v12.stomp' }, { payload: ['zlib', 'json'] }]

  it('names the decoder that full decoding (every sniffer asked) names, message after message, in both directions', () => {
    fc.assert(
      fc.property(protocolSequence, fc.constantFrom(...settings), fc.constantFrom('client' as const, 'server' as const), (messages, setting, from) => {
        const full = new PayloadSession({ ...setting, registry: ungated })
        const identifying = new PayloadSession(setting)
        for (const [i, m] of messages.entries()) {
          const [type, bytes] = asMessage(m)
          const expected = full.decodeMessage(type, bytes, from).decoder
          expect({ i, decoder: identifying.identifyMessage(type, bytes, from) }).toEqual({ i, decoder: expected })
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('names JSON objects by their bytes only in the real registry (the full path above asks every sniffer)', () => {
    expect(payloadRegistry.plainObject?.reader.id).toBe('json')
    expect(ungated.plainObject).toBeNull()
  })

  it('agrees on adversarial JSON text, invalid UTF-8 included, between protocol messages', () => {
    const message = fc.oneof(
      adversarialJsonBytes.map((bytes): [string, Uint8Array] => ['text', bytes]),
      protocolMessage.map(asMessage),
    )
    fc.assert(
      fc.property(fc.array(message, { maxLength: 10 }), fc.constantFrom('client' as const, 'server' as const), (messages, from) => {
        const full = new PayloadSession({ registry: ungated })
        const identifying = new PayloadSession()
        for (const [i, [type, bytes]] of messages.entries()) {
          const expected = full.decodeMessage(type, bytes, from).decoder
          expect({ i, decoder: identifying.identifyMessage(type, bytes, from) }).toEqual({ i, decoder: expected })
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('reaches every decoder and layer (the property above sees them all)', () => {
    const seen = new Set<string | null>()
    fc.assert(
      fc.property(protocolSequence, (messages) => {
        const session = new PayloadSession()
        for (const m of messages) {
          const r = session.decodeMessage(...asMessage(m), 'server')
          for (const layer of r.layers) seen.add(layer)
          if (r.decoder === null) seen.add(null)
        }
      }),
      { numRuns: 1500, seed: 7 },
    )
    const readers = [
      'json',
      'json-rpc',
      'graphql-ws',
      'subscriptions-transport-ws',
      'signalr-json',
      'signalr-msgpack',
      'socket.io',
      'engine.io',
      'sockjs',
      'stomp',
    ]
    for (const id of [...readers, 'msgpack', 'cbor', 'gzip', 'zlib', 'zlib-stream', 'phoenix', 'actioncable', 'wamp', null]) expect(seen).toContain(id)
  })
})
