import type { PerMessageDeflateOptions } from 'ws'
import { flagParam, intParam } from './query-params.ts'

/**
 * permessage-deflate settings of the `ws` endpoints from their query, e.g.
 * `/echo?server_no_context_takeover&client_max_window_bits=10`, or `?deflate=0` to refuse the
 * extension. The RFC 7692 parameter names are used as they appear in the header.
 */
export const DEFLATE_QUERY_PARAMS = [
  'deflate',
  'server_no_context_takeover',
  'client_no_context_takeover',
  'server_max_window_bits',
  'client_max_window_bits',
  'threshold',
] as const

export function deflateFromQuery(params: URLSearchParams): PerMessageDeflateOptions | false {
  if (!flagParam(params, 'deflate', true)) return false
  const options: PerMessageDeflateOptions = {
    // `false` would make ws refuse the whole handshake (400) when a client asks for
    // server_no_context_takeover; left unset, ws grants the request (RFC 7692 §7.1.1.1).
    serverNoContextTakeover: flagParam(params, 'server_no_context_takeover', false) || undefined,
    clientNoContextTakeover: flagParam(params, 'client_no_context_takeover', false),
    // Compress every message by default (ws leaves those under 1 KiB plain): small messages
    // are what people watch, and their ratios are the lesson.
    threshold: intParam(params, 'threshold', 0, 2 ** 31 - 1, 0),
  }
  if (params.has('server_max_window_bits')) options.serverMaxWindowBits = intParam(params, 'server_max_window_bits', 8, 15, 15)
  // A number makes ws accept only offers that carry client_max_window_bits (browsers' do).
  if (params.has('client_max_window_bits')) options.clientMaxWindowBits = intParam(params, 'client_max_window_bits', 8, 15, 15)
  return options
}
