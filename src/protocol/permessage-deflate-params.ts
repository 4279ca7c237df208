import { finding, type Finding, type FindingCode } from './findings.ts'
import type { Sender } from './sender.ts'
import { parseExtensionsHeader, type ExtensionOffer } from './extension-header.ts'

export const PERMESSAGE_DEFLATE = 'permessage-deflate'

/** The negotiated permessage-deflate parameters (RFC 7692 §7.1), after defaults. */
export interface DeflateParams {
  serverNoContextTakeover: boolean
  clientNoContextTakeover: boolean
  /** LZ77 window the server compresses with, 8–15. */
  serverMaxWindowBits: number
  /** LZ77 window the client compresses with, 8–15. */
  clientMaxWindowBits: number
}

/** The part of the parameters that governs one sender's compressed stream. */
export interface SenderDeflateParams {
  noContextTakeover: boolean
  maxWindowBits: number
}

export const DEFAULT_DEFLATE_PARAMS: DeflateParams = {
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: 15,
  clientMaxWindowBits: 15,
}

export function paramsFor(params: DeflateParams, sender: Sender): SenderDeflateParams {
  return sender === 'client'
    ? { noContextTakeover: params.clientNoContextTakeover, maxWindowBits: params.clientMaxWindowBits }
    : { noContextTakeover: params.serverNoContextTakeover, maxWindowBits: params.serverMaxWindowBits }
}

const WINDOW_BITS = /^(8|9|1[0-5])$/
const KNOWN = ['server_no_context_takeover', 'client_no_context_takeover', 'server_max_window_bits', 'client_max_window_bits']

/**
 * Validates one permessage-deflate element. In a response (`role: 'response'`) every rule of
 * §7.1 applies strictly and window bits need a value; in an offer `client_max_window_bits`
 * may stand alone. Returns the resulting parameters when the element is acceptable.
 */
export function validateDeflateElement(element: ExtensionOffer, role: 'offer' | 'response'): { params: DeflateParams | null; findings: Finding[] } {
  const findings: Finding[] = []
  const fail = (code: FindingCode, message: string) => findings.push(finding(code, message))
  const seen = new Set<string>()
  for (const key of element.paramOrder) {
    if (seen.has(key)) fail('deflate.duplicate-param', `${key} appears more than once (RFC 7692 §7.1: each parameter at most once)`)
    seen.add(key)
    if (!KNOWN.includes(key)) fail('deflate.unknown-param', `unknown permessage-deflate parameter "${key}"`)
  }
  const params: DeflateParams = { ...DEFAULT_DEFLATE_PARAMS }
  for (const key of ['server_no_context_takeover', 'client_no_context_takeover'] as const) {
    const v = element.params[key]
    if (v === undefined) continue
    if (v !== true) fail('deflate.param-value', `${key} takes no value (got "${v}")`)
    if (key === 'server_no_context_takeover') params.serverNoContextTakeover = true
    else params.clientNoContextTakeover = true
  }
  for (const key of ['server_max_window_bits', 'client_max_window_bits'] as const) {
    const v = element.params[key]
    if (v === undefined) continue
    const optional = key === 'client_max_window_bits' && role === 'offer'
    if (v === true) {
      if (!optional) fail('deflate.param-value', `${key} needs a value from 8 to 15 in ${role === 'offer' ? 'an offer' : 'a response'}`)
      continue
    }
    if (!WINDOW_BITS.test(v)) {
      fail('deflate.param-value', `${key}=${v} is invalid: the value must be an integer from 8 to 15 with no leading zeros`)
      continue
    }
    if (key === 'server_max_window_bits') params.serverMaxWindowBits = Number(v)
    else params.clientMaxWindowBits = Number(v)
  }
  return { params: findings.length ? null : params, findings }
}

/**
 * The parameters in force for a negotiated Sec-WebSocket-Extensions response value, or null
 * when it does not accept permessage-deflate. Invalid parameters are findings and leave
 * `params` null: a client must fail such a handshake.
 */
export function negotiatedDeflate(responseValue: string | undefined | null): {
  params: DeflateParams | null
  findings: Finding[]
} {
  if (!responseValue || responseValue.trim() === '') return { params: null, findings: [] }
  const parsed = parseExtensionsHeader(responseValue)
  const findings = [...parsed.findings]
  const elements = parsed.extensions.filter((e) => e.name.toLowerCase() === PERMESSAGE_DEFLATE)
  if (elements.length === 0) return { params: null, findings }
  if (elements.length > 1) {
    findings.push(finding('deflate.accepted-twice', 'a response may accept permessage-deflate only once'))
  }
  const result = validateDeflateElement(elements[0]!, 'response')
  return { params: result.params, findings: [...findings, ...result.findings] }
}
