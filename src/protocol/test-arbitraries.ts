/** fast-check generators shared by the property and differential tests. */
import fc from 'fast-check'
import type { DeflateParams } from './permessage-deflate-params.ts'

/** Negotiated permessage-deflate parameters, or none (9 bits: zlib's smallest deflate window). */
export const deflateParams: fc.Arbitrary<DeflateParams | null> = fc.option(
  fc.record({
    serverNoContextTakeover: fc.boolean(),
    clientNoContextTakeover: fc.boolean(),
    serverMaxWindowBits: fc.integer({ min: 9, max: 15 }),
    clientMaxWindowBits: fc.integer({ min: 9, max: 15 }),
  }),
  { nil: null },
)

/** The Sec-WebSocket-Extensions response value that negotiates `params`. */
export function extensionsValue(params: DeflateParams | null): string | null {
  if (!params) return null
  return [
    'permessage-deflate',
    params.serverNoContextTakeover && 'server_no_context_takeover',
    params.clientNoContextTakeover && 'client_no_context_takeover',
    `server_max_window_bits=${params.serverMaxWindowBits}`,
    `client_max_window_bits=${params.clientMaxWindowBits}`,
  ]
    .filter(Boolean)
    .join('; ')
}
