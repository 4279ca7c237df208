import type { RfcReference } from './findings.ts'
import { computeAccept, keyByteLength, WEBSOCKET_GUID } from './accept.ts'
import { decodeBase64 } from './base64.ts'
import { parseExtensionsHeader, type ExtensionOffer } from './extension-header.ts'
import { headerValues, type HandshakeRequest, type HandshakeResponse, type ParsedHandshake } from './handshake-parse.ts'
import { negotiatedDeflate, PERMESSAGE_DEFLATE, validateDeflateElement, type DeflateParams } from './permessage-deflate-params.ts'

/**
 * The RFC 6455 §4 opening-handshake rules (and RFC 7692 §7.1 for permessage-deflate),
 * checked one by one on whatever the pasted text contains. A check that needs a side the
 * text does not give is left out rather than failed: the list says what was verified.
 */

export interface HandshakeCheck {
  /** Stable kebab-case identifier, e.g. `accept-matches-key`. */
  id: string
  ok: boolean
  /** One line: what was found and, on failure, what the RFC requires. */
  message: string
  /** The section that states the rule, in the same form as findings': `RFC 6455 §4.2.1`. */
  rfc: RfcReference
  side: 'request' | 'response' | 'exchange'
  detail?: string
}

export interface HandshakeReport {
  request: HandshakeRequest | null
  response: HandshakeResponse | null
  /** The response's accepted extensions, or the request's offers when no response fields are known. */
  extensions: { name: string; params: Record<string, string | true> }[]
  /** The subprotocol the response selected, when it selected exactly one. */
  subprotocol: string | null
  /** permessage-deflate parameters in force when the response validly accepts it. */
  deflate: DeflateParams | null
  checks: HandshakeCheck[]
}

type Fields = [string, string][]

const DEFLATE_RFC: RfcReference = 'RFC 7692 §7.1'
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

function check(id: string, side: HandshakeCheck['side'], rfc: RfcReference, ok: boolean, message: string, detail?: string): HandshakeCheck {
  return detail === undefined ? { id, ok, message, rfc, side } : { id, ok, message, rfc, side, detail }
}

function q(value: string): string {
  return JSON.stringify(value)
}

/** A field's values joined as one list (RFC 7230 §3.2.2), or null when it is absent. */
function joined(fields: Fields, name: string): string | null {
  const values = headerValues(fields, name)
  return values.length ? values.join(', ') : null
}

/** Non-empty elements of a comma-separated list (#rule: empty elements are allowed and skipped). */
function listElements(value: string): string[] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
}

/** The value when there is exactly one, else undefined (none, or repeated). */
function single<T>(values: readonly T[]): T | undefined {
  return values.length === 1 ? values[0] : undefined
}

function countPhrase(n: number, what: string): string {
  return `${what} appears ${n} times; exactly one is required`
}

/** HTTP/1.1 or later: the Upgrade mechanism the handshake relies on starts with 1.1. */
function atLeastHttp11(version: string): boolean {
  const match = /^HTTP\/(\d+)(?:\.(\d+))?$/i.exec(version)
  if (!match) return false
  const major = Number(match[1])
  return major > 1 || (major === 1 && Number(match[2] ?? 0) >= 1)
}

// ---------------------------------------------------------------------------------------
// Request line

function checkMethod(request: HandshakeRequest): HandshakeCheck | null {
  if (request.method === '') return null
  const ok = request.method === 'GET'
  let message = ok ? 'the request method is GET' : `the request method is ${q(request.method)}; the handshake must be a GET request`
  if (!ok && request.method.toUpperCase() === 'GET') message += ' (methods are case-sensitive)'
  return check('request-method-get', 'request', 'RFC 6455 §4.2.1', ok, message)
}

function checkRequestVersion(request: HandshakeRequest): HandshakeCheck | null {
  if (request.httpVersion === null) return null
  const ok = atLeastHttp11(request.httpVersion)
  return check(
    'request-http-version',
    'request',
    'RFC 6455 §4.2.1',
    ok,
    ok
      ? `${request.httpVersion}: HTTP/1.1 or higher, as required`
      : `the request is ${request.httpVersion}; the handshake needs HTTP/1.1 or higher (Upgrade does not exist before 1.1)`,
  )
}

/** The request-target judged as §3 and §4.1 item 2 describe it; `url` is the parsed absolute URI. */
function judgeUri(uri: string): { ok: boolean; message: string; url: URL | null } {
  const fail = (why: string) => ({ ok: false, message: `the request URI ${q(uri)} ${why}`, url: null })
  if (/\s/.test(uri)) return fail('contains white space')
  if (uri.includes('#')) {
    return fail('has a fragment; fragment identifiers must not be used on WebSocket URIs (a literal "#" must be written %23)')
  }
  if (uri.startsWith('/')) {
    try {
      new URL(uri, 'ws://host.invalid')
    } catch {
      return fail('is not a valid resource name (path and query)')
    }
    return { ok: true, message: `the request URI ${q(uri)} is a resource name (path and optional query)`, url: null }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase()
  if (!scheme) return fail('must be a resource name starting with "/" or an absolute ws:// or wss:// URI')
  if (!['ws', 'wss', 'http', 'https'].includes(scheme)) {
    return fail(`has the scheme ${q(scheme)}; a WebSocket URI uses ws or wss (or the equivalent http/https in a request line)`)
  }
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return fail('is not a valid absolute URI')
  }
  if (url.hostname === '') return fail('has no host')
  const note = scheme.startsWith('http') ? ' (an absolute http(s) URI naming the same resource is allowed, §4.1 item 2)' : ''
  return { ok: true, message: `the request URI ${q(uri)} is a valid ${scheme} URI${note}`, url }
}

function checkUri(request: HandshakeRequest): HandshakeCheck | null {
  if (request.url === '') return null
  const judged = judgeUri(request.url)
  return check('request-uri-valid', 'request', 'RFC 6455 §3', judged.ok, judged.message)
}

/** §4.1 item 4: Host carries the URI's host, plus the port when it is not the default one. */
function checkHostMatchesUri(request: HandshakeRequest, fields: Fields): HandshakeCheck | null {
  if (request.url === '') return null
  const url = judgeUri(request.url).url
  const hostValue = single(headerValues(fields, 'Host'))
  if (!url || hostValue === undefined) return null
  const host = hostValue.trim().toLowerCase()
  const secure = url.protocol === 'wss:' || url.protocol === 'https:'
  const port = url.port || (secure ? '443' : '80')
  const ok = host === url.host.toLowerCase() || host === `${url.hostname.toLowerCase()}:${port}`
  return check(
    'request-host-matches-uri',
    'request',
    'RFC 6455 §4.1',
    ok,
    ok
      ? `Host ${q(hostValue)} matches the URI's host`
      : `Host is ${q(hostValue)} but the URI names ${q(url.host)}; Host must carry the URI's host (and its port when it is not the default)`,
  )
}

// ---------------------------------------------------------------------------------------
// Request fields

function checkHost(fields: Fields): HandshakeCheck {
  const hosts = headerValues(fields, 'Host')
  const [host, ...others] = hosts
  const authority = single(headerValues(fields, ':authority'))
  const id = 'request-host'
  if (host === undefined && authority !== undefined) {
    return check(id, 'request', 'RFC 6455 §4.2.1', true, `no Host, but :authority ${q(authority)} plays its part in HTTP/2`)
  }
  if (host === undefined) return check(id, 'request', 'RFC 6455 §4.2.1', false, 'no Host field; the request must name the server it is addressed to')
  if (others.length) return check(id, 'request', 'RFC 6455 §4.2.1', false, countPhrase(hosts.length, 'Host'))
  if (host.trim() === '') return check(id, 'request', 'RFC 6455 §4.2.1', false, 'Host is empty; it must name the server (host and optional port)')
  return check(id, 'request', 'RFC 6455 §4.2.1', true, `Host is ${q(host)}`)
}

function checkRequestUpgrade(fields: Fields): HandshakeCheck {
  const value = joined(fields, 'Upgrade')
  const id = 'request-upgrade-websocket'
  if (value === null) return check(id, 'request', 'RFC 6455 §4.2.1', false, 'no Upgrade field; the request must contain Upgrade: websocket')
  // Upgrade lists protocols as name[/version]; only the name is compared, case-insensitively.
  const names = listElements(value).map((p) => (p.split('/')[0] ?? '').trim().toLowerCase())
  const ok = names.includes('websocket')
  return check(
    id,
    'request',
    'RFC 6455 §4.2.1',
    ok,
    ok ? `Upgrade ${q(value)} contains "websocket"` : `Upgrade is ${q(value)}; it must contain "websocket" (case-insensitive)`,
  )
}

function checkConnection(fields: Fields, side: 'request' | 'response', rfc: RfcReference): HandshakeCheck {
  const value = joined(fields, 'Connection')
  const id = `${side}-connection-upgrade`
  if (value === null) return check(id, side, rfc, false, `no Connection field; the ${side} must contain Connection: Upgrade`)
  const ok = listElements(value).some((t) => t.toLowerCase() === 'upgrade')
  return check(
    id,
    side,
    rfc,
    ok,
    ok ? `Connection ${q(value)} contains the token "Upgrade"` : `Connection is ${q(value)}; its token list must contain "Upgrade" (case-insensitive)`,
  )
}

function checkKey(fields: Fields): HandshakeCheck {
  const keys = headerValues(fields, 'Sec-WebSocket-Key')
  const [key, ...others] = keys
  const id = 'request-key-valid'
  if (key === undefined) {
    return check(id, 'request', 'RFC 6455 §4.2.1', false, 'no Sec-WebSocket-Key; the request must carry a random 16-byte nonce, base64-encoded')
  }
  if (others.length) return check(id, 'request', 'RFC 6455 §4.2.1', false, countPhrase(keys.length, 'Sec-WebSocket-Key'))
  const length = keyByteLength(key)
  if (length === 16) return check(id, 'request', 'RFC 6455 §4.2.1', true, `Sec-WebSocket-Key ${q(key)} is base64 of 16 bytes`)
  const found = length === null ? 'is not base64' : `decodes to ${length} bytes`
  return check(
    id,
    'request',
    'RFC 6455 §4.2.1',
    false,
    `Sec-WebSocket-Key ${q(key)} ${found}; it must be base64 of exactly 16 bytes (24 characters ending in "==")`,
  )
}

function checkVersion(fields: Fields): HandshakeCheck {
  const versions = headerValues(fields, 'Sec-WebSocket-Version')
  const [version, ...others] = versions
  const id = 'request-version-13'
  if (version === undefined) return check(id, 'request', 'RFC 6455 §4.2.1', false, 'no Sec-WebSocket-Version; it must be 13')
  if (others.length) return check(id, 'request', 'RFC 6455 §4.2.1', false, countPhrase(versions.length, 'Sec-WebSocket-Version'))
  const ok = version.trim() === '13'
  return check(
    id,
    'request',
    'RFC 6455 §4.2.1',
    ok,
    ok
      ? 'Sec-WebSocket-Version is 13'
      : `Sec-WebSocket-Version is ${q(version)}; RFC 6455 requires 13 (lower numbers are drafts; a server answers 426 listing what it supports, §4.4)`,
  )
}

/** Informational: Origin is optional in the protocol but every browser sends it. */
function checkOrigin(fields: Fields): HandshakeCheck {
  const [origin] = headerValues(fields, 'Origin')
  return check(
    'request-origin',
    'request',
    'RFC 6455 §4.2.1',
    true,
    origin !== undefined
      ? `Origin is ${q(origin)}: a browser sent this; the server may refuse origins it does not trust (§10.2)`
      : 'no Origin: fine for a non-browser client, but every browser sends one (§4.1 item 8)',
  )
}

function subprotocolsOf(fields: Fields): string[] | null {
  const value = joined(fields, 'Sec-WebSocket-Protocol')
  return value === null ? null : listElements(value)
}

function checkOfferedSubprotocols(fields: Fields): HandshakeCheck | null {
  const offered = subprotocolsOf(fields)
  if (offered === null) return null
  const id = 'request-subprotocols-syntax'
  const bad = offered.find((p) => !TOKEN.test(p))
  const repeated = offered.find((p, i) => offered.indexOf(p) !== i)
  if (offered.length === 0)
    return check(id, 'request', 'RFC 6455 §4.1', false, 'Sec-WebSocket-Protocol is empty; list at least one subprotocol or leave the field out')
  if (bad !== undefined) {
    return check(
      id,
      'request',
      'RFC 6455 §4.1',
      false,
      `subprotocol ${q(bad)} is not a token; names are printable ASCII without separators such as spaces, "/" or ";"`,
    )
  }
  if (repeated !== undefined) return check(id, 'request', 'RFC 6455 §4.1', false, `subprotocol ${q(repeated)} is offered twice; offered names must be unique`)
  return check(id, 'request', 'RFC 6455 §4.1', true, `offered subprotocols: ${offered.join(', ')}`)
}

function checkExtensionSyntax(value: string, side: 'request' | 'response'): HandshakeCheck {
  const { findings } = parseExtensionsHeader(value)
  const [first] = findings
  return check(
    `${side}-extensions-syntax`,
    side,
    'RFC 6455 §9.1',
    first === undefined,
    first === undefined ? `Sec-WebSocket-Extensions ${q(value)} is well formed` : `Sec-WebSocket-Extensions: ${first.message}`,
    findings.length <= 1 ? undefined : findings.map((f) => f.message).join('; '),
  )
}

function deflateElements(extensions: ExtensionOffer[]): ExtensionOffer[] {
  return extensions.filter((e) => e.name.toLowerCase() === PERMESSAGE_DEFLATE)
}

function checkDeflateOffers(offers: ExtensionOffer[]): HandshakeCheck | null {
  if (offers.length === 0) return null
  const problems = offers.flatMap((offer, i) =>
    validateDeflateElement(offer, 'offer').findings.map((f) => (offers.length > 1 ? `offer ${i + 1}: ${f.message}` : f.message)),
  )
  const ok = problems.length === 0
  return check(
    'request-deflate-offer',
    'request',
    DEFLATE_RFC,
    ok,
    ok ? `permessage-deflate offer${offers.length > 1 ? 's are' : ' is'} valid` : `invalid permessage-deflate offer: ${problems[0]}`,
    problems.length > 1 ? problems.join('; ') : undefined,
  )
}

// ---------------------------------------------------------------------------------------
// Response status

const STATUS_HINTS: Record<number, string> = {
  200: 'the server answered as plain HTTP without switching protocols',
  400: 'the server found the request malformed (often a missing or invalid Sec-WebSocket-Key or -Version)',
  401: 'the server wants authentication first',
  403: 'the server refused this client (perhaps its Origin, §10.2)',
  404: 'no WebSocket endpoint at this path',
  426: 'the server does not speak the requested Sec-WebSocket-Version (§4.4)',
}

function checkStatus(response: HandshakeResponse): HandshakeCheck | null {
  if (response.status === 0) return null
  const ok = response.status === 101
  const label = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  let hint = STATUS_HINTS[response.status] ?? ''
  if (response.status >= 300 && response.status < 400) hint = 'a redirect, which clients need not follow (§4.1)'
  return check(
    'response-status-101',
    'response',
    'RFC 6455 §4.2.2',
    ok,
    ok
      ? `status ${label}: the server switches to the WebSocket protocol`
      : `status ${label}${hint ? ` (${hint})` : ''}; only 101 Switching Protocols accepts the handshake`,
  )
}

function checkResponseVersion(response: HandshakeResponse): HandshakeCheck | null {
  if (response.httpVersion === null) return null
  const ok = atLeastHttp11(response.httpVersion)
  return check(
    'response-http-version',
    'response',
    'RFC 6455 §4.2.2',
    ok,
    ok ? `${response.httpVersion}: HTTP/1.1 or higher` : `the response is ${response.httpVersion}; 101 Switching Protocols needs HTTP/1.1 or higher`,
  )
}

/** §4.4: a server refusing the version says which versions it supports. */
function checkSupportedVersions(response: HandshakeResponse, fields: Fields): HandshakeCheck | null {
  if (response.status !== 426) return null
  const value = joined(fields, 'Sec-WebSocket-Version')
  return check(
    'response-supported-versions',
    'response',
    'RFC 6455 §4.4',
    value !== null,
    value !== null
      ? `the server supports Sec-WebSocket-Version ${value}`
      : 'a 426 response must list the versions the server supports in Sec-WebSocket-Version',
  )
}

// ---------------------------------------------------------------------------------------
// Response fields

function checkResponseUpgrade(fields: Fields): HandshakeCheck {
  const value = joined(fields, 'Upgrade')
  const id = 'response-upgrade-websocket'
  if (value === null) return check(id, 'response', 'RFC 6455 §4.2.2', false, 'no Upgrade field; the response must contain Upgrade: websocket')
  // A client fails the connection unless the value is "websocket" itself (§4.1, item 2 of the response checks).
  const ok = value.trim().toLowerCase() === 'websocket'
  return check(id, 'response', 'RFC 6455 §4.2.2', ok, ok ? `Upgrade is ${q(value)}` : `Upgrade is ${q(value)}; it must be "websocket" (case-insensitive)`)
}

function checkAcceptPresent(fields: Fields): HandshakeCheck {
  const values = headerValues(fields, 'Sec-WebSocket-Accept')
  const [accept, ...others] = values
  const id = 'response-accept-present'
  if (accept === undefined) return check(id, 'response', 'RFC 6455 §4.2.2', false, 'no Sec-WebSocket-Accept; the response must prove it read the key')
  if (others.length) return check(id, 'response', 'RFC 6455 §4.2.2', false, countPhrase(values.length, 'Sec-WebSocket-Accept'))
  const bytes = decodeBase64(accept.trim())
  const ok = bytes?.length === 20
  return check(
    id,
    'response',
    'RFC 6455 §4.2.2',
    ok,
    ok
      ? `Sec-WebSocket-Accept ${q(accept)} is base64 of a 20-byte SHA-1 digest`
      : `Sec-WebSocket-Accept ${q(accept)} ${bytes ? `decodes to ${bytes.length} bytes` : 'is not base64'}; it must be base64 of a 20-byte SHA-1 digest`,
  )
}

function checkChosenSubprotocol(chosen: string[]): HandshakeCheck {
  const id = 'response-subprotocol-single'
  const selected = single(chosen)
  if (selected === undefined) {
    return check(
      id,
      'response',
      'RFC 6455 §4.2.2',
      false,
      chosen.length === 0
        ? 'Sec-WebSocket-Protocol is empty; the server names one subprotocol or leaves the field out'
        : `Sec-WebSocket-Protocol lists ${chosen.join(', ')}; the server must select exactly one`,
    )
  }
  const ok = TOKEN.test(selected)
  return check(
    id,
    'response',
    'RFC 6455 §4.2.2',
    ok,
    ok ? `the server selected the subprotocol ${q(selected)}` : `the selected subprotocol ${q(selected)} is not a token`,
  )
}

function checkExtensionsUnique(accepted: ExtensionOffer[]): HandshakeCheck {
  const names = accepted.map((e) => e.name.toLowerCase())
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))]
  const ok = repeated.length === 0
  return check(
    'response-extensions-unique',
    'response',
    'RFC 6455 §9.1',
    ok,
    ok
      ? 'each accepted extension appears once'
      : `the response accepts ${repeated.join(', ')} more than once; each extension is either in use or not, and would claim the same RSV bits twice`,
  )
}

function checkDeflateResponse(value: string): HandshakeCheck {
  // Syntax errors are reported by response-extensions-syntax; only the §7.1 rules here.
  const problems = negotiatedDeflate(value)
    .findings.filter((f) => f.code !== 'extensions.syntax')
    .map((f) => f.message)
  const ok = problems.length === 0
  return check(
    'response-deflate-params',
    'response',
    DEFLATE_RFC,
    ok,
    ok ? 'the accepted permessage-deflate parameters are valid' : `invalid permessage-deflate response: ${problems[0]}`,
    problems.length > 1 ? problems.join('; ') : undefined,
  )
}

// ---------------------------------------------------------------------------------------
// Exchange: the response judged against the request

function checkAcceptMatchesKey(key: string, fields: Fields): HandshakeCheck {
  const expected = computeAccept(key)
  const values = headerValues(fields, 'Sec-WebSocket-Accept')
  const detail = `expected ${expected} = base64(SHA-1(${q(key.trim())} + ${q(WEBSOCKET_GUID)}))`
  const id = 'accept-matches-key'
  const accept = single(values)
  if (accept === undefined) {
    const found = values.length === 0 ? 'the response has no Sec-WebSocket-Accept' : countPhrase(values.length, 'Sec-WebSocket-Accept')
    return check(id, 'exchange', 'RFC 6455 §4.2.2', false, `${found}; the key requires ${expected}`, detail)
  }
  // The client ignores surrounding white space (§4.1), and compares the rest exactly.
  const ok = accept.trim() === expected
  return check(
    id,
    'exchange',
    'RFC 6455 §4.2.2',
    ok,
    ok ? `Sec-WebSocket-Accept ${expected} matches the key` : `Sec-WebSocket-Accept is ${q(accept)} but the key ${q(key.trim())} requires ${expected}`,
    detail,
  )
}

function checkSubprotocolOffered(chosen: string[], offered: string[] | null): HandshakeCheck {
  const notOffered = chosen.find((p) => !(offered ?? []).includes(p))
  const ok = notOffered === undefined
  let message: string
  if (ok) message = `the selected subprotocol ${q(chosen[0] ?? '')} was offered by the client`
  else if (offered === null) message = `the server selected ${q(notOffered)} but the client offered no subprotocol`
  else {
    const caseOnly = offered.find((p) => p.toLowerCase() === notOffered.toLowerCase())
    message = `the server selected ${q(notOffered)}, which the client did not offer (offered: ${offered.join(', ')})`
    if (caseOnly) message += `; names are compared exactly, and ${q(caseOnly)} differs in case`
  }
  return check('response-subprotocol-offered', 'exchange', 'RFC 6455 §4.1', ok, message)
}

function checkExtensionsOffered(accepted: ExtensionOffer[], offers: ExtensionOffer[] | null): HandshakeCheck {
  const offeredNames = new Set((offers ?? []).map((e) => e.name.toLowerCase()))
  const notOffered = accepted.filter((e) => !offeredNames.has(e.name.toLowerCase())).map((e) => e.name)
  const ok = notOffered.length === 0
  const offeredList = offers && offers.length ? [...new Set(offers.map((e) => e.name))].join(', ') : 'none'
  return check(
    'response-extensions-offered',
    'exchange',
    'RFC 6455 §4.1',
    ok,
    ok
      ? `every accepted extension (${accepted.map((e) => e.name).join(', ')}) was offered`
      : `the response accepts ${notOffered.join(', ')}, which the client did not offer (offered: ${offeredList})`,
  )
}

/** Why a permessage-deflate response element cannot be the acceptance of one offer (§7.1). */
function deflateMismatches(offer: ExtensionOffer, accepted: ExtensionOffer): string[] {
  const reasons: string[] = []
  const o = offer.params
  const r = accepted.params
  if (r.client_max_window_bits !== undefined) {
    if (o.client_max_window_bits === undefined) {
      reasons.push('the response has client_max_window_bits but the offer did not include it (§7.1.2.2)')
    } else if (typeof o.client_max_window_bits === 'string' && Number(r.client_max_window_bits) > Number(o.client_max_window_bits)) {
      reasons.push(`client_max_window_bits=${r.client_max_window_bits} is larger than the offered ${o.client_max_window_bits} (§7.1.2.2)`)
    }
  }
  if (typeof o.server_max_window_bits === 'string') {
    if (r.server_max_window_bits === undefined) {
      reasons.push(
        `the offer asked for server_max_window_bits=${o.server_max_window_bits}; accepting it means answering with the same or a smaller value (§7.1.2.1)`,
      )
    } else if (Number(r.server_max_window_bits) > Number(o.server_max_window_bits)) {
      reasons.push(`server_max_window_bits=${r.server_max_window_bits} is larger than the offered ${o.server_max_window_bits} (§7.1.2.1)`)
    }
  }
  if (o.server_no_context_takeover !== undefined && r.server_no_context_takeover === undefined) {
    reasons.push('the offer asked for server_no_context_takeover; accepting it means including it in the response (§7.1.1.1)')
  }
  return reasons
}

function checkDeflateMatchesOffer(offers: ExtensionOffer[], accepted: ExtensionOffer): HandshakeCheck {
  const reasons = offers.map((offer) => deflateMismatches(offer, accepted))
  const matching = reasons.findIndex((r) => r.length === 0)
  const ok = matching >= 0
  const onlyOffer = single(reasons)
  let message: string
  if (ok) message = offers.length > 1 ? `the accepted permessage-deflate answers offer ${matching + 1}` : 'the accepted permessage-deflate answers the offer'
  else if (onlyOffer) message = `the accepted permessage-deflate does not answer the offer: ${onlyOffer.join('; ')}`
  else
    message = `the accepted permessage-deflate answers none of the ${offers.length} offers: ${reasons.map((r, i) => `offer ${i + 1}: ${r.join('; ')}`).join('; ')}`
  return check('deflate-response-matches-offer', 'exchange', DEFLATE_RFC, ok, message)
}

// ---------------------------------------------------------------------------------------
// RFC 8441: WebSocket over HTTP/2. An extended CONNECT with ":protocol: websocket" replaces the
// GET + Upgrade request, a 2xx answer replaces 101, and Key/Accept are not used (§5).

const H2_RFC: RfcReference = 'RFC 8441 §5'

/** An extended CONNECT exchange: a CONNECT request, or a response given as HTTP/2 pseudo-headers. */
export function isExtendedConnect({ request, response }: ParsedHandshake): boolean {
  if (request) return request.method.toUpperCase() === 'CONNECT' || headerValues(request.headers, ':protocol').length > 0
  return response !== null && headerValues(response.headers, ':status').length > 0
}

/** Whether the response accepts the handshake (or does not say): 101, or 2xx over HTTP/2. */
function accepts(response: HandshakeResponse, h2: boolean): boolean {
  if (response.status === 0) return true
  return h2 ? response.status >= 200 && response.status < 300 : response.status === 101
}

function extendedConnectChecks(request: HandshakeRequest): HandshakeCheck[] {
  const fields = request.headers
  const checks: HandshakeCheck[] = []
  if (request.method !== '') {
    const ok = request.method === 'CONNECT'
    checks.push(
      check(
        'h2-method-connect',
        'request',
        H2_RFC,
        ok,
        ok
          ? 'the request method is CONNECT (extended CONNECT, WebSocket over HTTP/2)'
          : `the request method is ${q(request.method)}; over HTTP/2 the handshake is a CONNECT request`,
      ),
    )
  }
  if (request.headersMissing) return checks
  const protocols = headerValues(fields, ':protocol')
  const protocolOk = single(protocols)?.trim() === 'websocket'
  checks.push(
    check(
      'h2-protocol-websocket',
      'request',
      H2_RFC,
      protocolOk,
      protocolOk
        ? ':protocol is "websocket"'
        : protocols.length === 0
          ? 'no :protocol pseudo-header; an extended CONNECT must carry :protocol: websocket'
          : `:protocol is ${q(protocols.join(', '))}; it must be exactly "websocket"`,
    ),
  )
  const scheme = headerValues(fields, ':scheme')[0]
  const path = headerValues(fields, ':path')[0]
  const targetOk = scheme !== undefined && path !== undefined && /^https?$/.test(scheme.trim())
  checks.push(
    check(
      'h2-scheme-path',
      'request',
      'RFC 8441 §4',
      targetOk,
      targetOk
        ? `:scheme ${q(scheme)} and :path ${q(path)} name the target (http for ws, https for wss)`
        : scheme === undefined || path === undefined
          ? `no ${scheme === undefined ? ':scheme' : ':path'}; an extended CONNECT must carry :scheme and :path`
          : `:scheme is ${q(scheme)}; it must be "https" for wss and "http" for ws`,
    ),
  )
  const uri = path === undefined ? null : checkUri({ ...request, url: path })
  if (uri) checks.push(uri)
  return checks
}

/** HTTP/2 has no connection-specific fields (RFC 9113 §8.2.2); RFC 8441 §5 forbids Upgrade and Connection. */
function checkNoConnectionFields(fields: Fields, side: 'request' | 'response'): HandshakeCheck {
  const found = ['Connection', 'Upgrade', 'Keep-Alive', 'Transfer-Encoding'].filter((name) => headerValues(fields, name).length)
  const ok = found.length === 0
  return check(
    `h2-${side}-no-connection-fields`,
    side,
    H2_RFC,
    ok,
    ok ? 'no Upgrade or Connection fields, as HTTP/2 requires' : `${found.join(' and ')} must not appear over HTTP/2; the stream replaces the HTTP/1.1 upgrade`,
  )
}

function checkExtendedConnectStatus(response: HandshakeResponse): HandshakeCheck | null {
  if (response.status === 0) return null
  const ok = response.status >= 200 && response.status < 300
  const label = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  return check(
    'h2-response-status-2xx',
    'response',
    H2_RFC,
    ok,
    ok
      ? `status ${label}: the server accepts the extended CONNECT; the stream now carries WebSocket frames`
      : `status ${label}; over HTTP/2 a 2xx status (200) accepts the handshake`,
  )
}

// ---------------------------------------------------------------------------------------

function requestChecks(request: HandshakeRequest, h2: boolean): HandshakeCheck[] {
  const checks = h2 ? extendedConnectChecks(request) : [checkMethod(request), checkRequestVersion(request), checkUri(request)]
  if (!request.headersMissing) {
    const fields = request.headers
    checks.push(checkHost(fields))
    // RFC 8441 §5: no Upgrade or Connection, and no Key (":protocol" took over its job).
    if (h2) checks.push(checkNoConnectionFields(fields, 'request'))
    else checks.push(checkHostMatchesUri(request, fields), checkRequestUpgrade(fields), checkConnection(fields, 'request', 'RFC 6455 §4.2.1'), checkKey(fields))
    checks.push(checkVersion(fields), checkOrigin(fields), checkOfferedSubprotocols(fields))
    const extensions = joined(fields, 'Sec-WebSocket-Extensions')
    if (extensions !== null) {
      checks.push(checkExtensionSyntax(extensions, 'request'), checkDeflateOffers(deflateElements(parseExtensionsHeader(extensions).extensions)))
    }
  }
  return checks.filter((c): c is HandshakeCheck => c !== null)
}

function responseChecks(response: HandshakeResponse, h2: boolean): HandshakeCheck[] {
  const checks = [h2 ? checkExtendedConnectStatus(response) : checkStatus(response), checkResponseVersion(response)]
  if (!response.headersMissing) checks.push(checkSupportedVersions(response, response.headers))
  // A response other than 101 (2xx over HTTP/2) is plain HTTP (§4.1): the upgrade fields do not apply to it.
  if (!response.headersMissing && accepts(response, h2)) {
    const fields = response.headers
    if (h2) checks.push(checkNoConnectionFields(fields, 'response'))
    else checks.push(checkResponseUpgrade(fields), checkConnection(fields, 'response', 'RFC 6455 §4.2.2'), checkAcceptPresent(fields))
    const chosen = subprotocolsOf(fields)
    if (chosen !== null) checks.push(checkChosenSubprotocol(chosen))
    const extensions = joined(fields, 'Sec-WebSocket-Extensions')
    if (extensions !== null) {
      const accepted = parseExtensionsHeader(extensions).extensions
      checks.push(checkExtensionSyntax(extensions, 'response'), checkExtensionsUnique(accepted))
      if (deflateElements(accepted).length) checks.push(checkDeflateResponse(extensions))
    }
  }
  return checks.filter((c): c is HandshakeCheck => c !== null)
}

function exchangeChecks(requestFields: Fields, responseFields: Fields, h2: boolean): HandshakeCheck[] {
  const checks: HandshakeCheck[] = []
  const [key] = headerValues(requestFields, 'Sec-WebSocket-Key')
  if (key !== undefined && !h2) checks.push(checkAcceptMatchesKey(key, responseFields))
  const chosen = subprotocolsOf(responseFields)
  if (chosen !== null && chosen.length) checks.push(checkSubprotocolOffered(chosen, subprotocolsOf(requestFields)))
  const acceptedValue = joined(responseFields, 'Sec-WebSocket-Extensions')
  if (acceptedValue !== null) {
    const accepted = parseExtensionsHeader(acceptedValue).extensions
    const offeredValue = joined(requestFields, 'Sec-WebSocket-Extensions')
    const offers = offeredValue === null ? null : parseExtensionsHeader(offeredValue).extensions
    if (accepted.length) checks.push(checkExtensionsOffered(accepted, offers))
    const [acceptedDeflate] = deflateElements(accepted)
    const offeredDeflate = deflateElements(offers ?? [])
    if (acceptedDeflate && offeredDeflate.length) checks.push(checkDeflateMatchesOffer(offeredDeflate, acceptedDeflate))
  }
  return checks
}

/** Fields that can be judged: known, and (for a response) part of a 101 or unknown-status answer. */
function knownFields(side: HandshakeRequest | HandshakeResponse | null): Fields | null {
  return side && !side.headersMissing ? side.headers : null
}

export function checkHandshake(parsed: ParsedHandshake): HandshakeReport {
  const { request, response } = parsed
  const requestFields = knownFields(request)
  const responseFields = knownFields(response)
  const h2 = isExtendedConnect(parsed)
  const upgraded = response !== null && accepts(response, h2)

  const checks = [
    ...(request ? requestChecks(request, h2) : []),
    ...(response ? responseChecks(response, h2) : []),
    ...(requestFields && responseFields && upgraded ? exchangeChecks(requestFields, responseFields, h2) : []),
  ]

  const extensionsSource = responseFields ?? requestFields
  const extensionsValue = extensionsSource ? joined(extensionsSource, 'Sec-WebSocket-Extensions') : null
  const extensions = extensionsValue ? parseExtensionsHeader(extensionsValue).extensions.map((e) => ({ name: e.name, params: { ...e.params } })) : []

  const chosen = responseFields && upgraded ? subprotocolsOf(responseFields) : null
  const subprotocol = (chosen && single(chosen)) ?? null
  const deflate = responseFields && upgraded ? negotiatedDeflate(joined(responseFields, 'Sec-WebSocket-Extensions')).params : null

  return { request, response, extensions, subprotocol, deflate, checks }
}
