import { checkHandshake, parseHandshake, type HandshakeCheck } from '../../protocol/index.ts'
import type { CheckCase, HandshakeOutcome, RequestSpec } from '../case-definition.ts'
import { header } from '../client-handshake.ts'
import type { Verdict } from '../verdict.ts'
import { NORMAL_CLOSE } from './helpers.ts'

type Judgement = { verdict: Verdict; observed: string }

function statusLine(h: HandshakeOutcome): string {
  return `${h.status} ${h.statusText}`.trim()
}

/** The core's RFC 6455 §4 / RFC 7692 checks of this exchange that failed. */
function failedChecks(h: HandshakeOutcome, only?: (check: HandshakeCheck) => boolean): HandshakeCheck[] {
  const report = checkHandshake(parseHandshake(`${h.requestText}${h.responseText}`))
  return report.checks.filter((c) => !c.ok && c.side !== 'request' && (!only || only(c)))
}

function handshakeCase(
  id: string,
  title: string,
  expectation: string,
  rfc: string,
  request: RequestSpec,
  judge: (h: HandshakeOutcome) => Judgement,
): CheckCase {
  return {
    id,
    section: 'H',
    title,
    expectation,
    rfc,
    request,
    judgeHandshake: judge,
    close: NORMAL_CLOSE,
    script: function* () {},
  }
}

/** A request the server must refuse: `strict` statuses are OK, another 4xx NON-STRICT, an upgrade FAILED. */
function refusal(strict: number[], needsVersionHeader: boolean) {
  return (h: HandshakeOutcome): Judgement => {
    const line = statusLine(h)
    if (h.status === 101) return { verdict: 'FAILED', observed: `the server upgraded the connection (${line}) instead of refusing the request` }
    if (h.status < 400 || h.status > 499) return { verdict: 'FAILED', observed: `answered ${line}: a request error needs a 4xx status` }
    const versions = header(h, 'Sec-WebSocket-Version')
    if (needsVersionHeader && !versions?.split(/\s*,\s*/).includes('13')) {
      return { verdict: 'NON-STRICT', observed: `refused with ${line}, but without Sec-WebSocket-Version: 13 naming the versions it speaks (RFC 6455 §4.4)` }
    }
    if (!strict.includes(h.status)) return { verdict: 'NON-STRICT', observed: `refused with ${line}; ${strict.join(' or ')} is the status the RFC names` }
    return { verdict: 'OK', observed: `refused with ${line}${versions ? `, Sec-WebSocket-Version: ${versions}` : ''}` }
  }
}

function upgraded(h: HandshakeOutcome): Judgement | null {
  return h.status === 101 ? null : { verdict: 'FAILED', observed: `a valid request was refused: ${statusLine(h)}` }
}

function judgeValid(h: HandshakeOutcome): Judgement {
  const refused = upgraded(h)
  if (refused) return refused
  const failed = failedChecks(h)
  if (failed.length) return { verdict: 'FAILED', observed: failed.map((c) => c.message).join('; ') }
  return { verdict: 'OK', observed: `101 with a correct Sec-WebSocket-Accept (${header(h, 'Sec-WebSocket-Accept')})` }
}

function judgeSubprotocol(h: HandshakeOutcome): Judgement {
  const refused = upgraded(h)
  if (refused) return refused
  const failed = failedChecks(h, (c) => c.id.includes('subprotocol'))
  if (failed.length) return { verdict: 'FAILED', observed: failed.map((c) => c.message).join('; ') }
  const chosen = header(h, 'Sec-WebSocket-Protocol')
  return { verdict: 'OK', observed: chosen ? `selected "${chosen}", one of those offered` : 'selected no subprotocol (allowed)' }
}

function judgeDeflate(mustDecline: boolean) {
  return (h: HandshakeOutcome): Judgement => {
    if (mustDecline && h.status >= 400 && h.status <= 499)
      return { verdict: 'OK', observed: `refused the handshake (${statusLine(h)}), which declines the invalid offer too` }
    const refused = upgraded(h)
    if (refused) return refused
    const answer = header(h, 'Sec-WebSocket-Extensions')
    const accepted = answer !== null && /permessage-deflate/i.test(answer)
    if (mustDecline) {
      return accepted
        ? { verdict: 'FAILED', observed: `accepted an offer it must decline: "${answer}"` }
        : { verdict: 'OK', observed: `declined the invalid offer${answer ? ` (answered "${answer}")` : ''}` }
    }
    const failed = failedChecks(h, (c) => c.id.includes('deflate') || c.id.includes('extensions'))
    if (failed.length) return { verdict: 'FAILED', observed: `"${answer}": ${failed.map((c) => c.message).join('; ')}` }
    if (!accepted) return { verdict: 'UNIMPLEMENTED', observed: 'the server declined permessage-deflate' }
    return { verdict: 'OK', observed: `accepted with "${answer}", valid for the offer` }
  }
}

const VERSION = 'RFC 6455 §4.4'
const KEY = 'RFC 6455 §4.2.1'

export const SECTION_H: CheckCase[] = [
  ...['12', '8a', null].map((version, i) =>
    handshakeCase(
      `H.1.${i + 1}`,
      version === null ? 'Opening handshake without Sec-WebSocket-Version' : `Opening handshake with Sec-WebSocket-Version: ${version}`,
      '426 Upgrade Required with Sec-WebSocket-Version: 13 (another 4xx, or no Sec-WebSocket-Version, is NON-STRICT); never 101.',
      VERSION,
      { version },
      refusal([426], true),
    ),
  ),
  handshakeCase(
    'H.2.1',
    'Opening handshake without Sec-WebSocket-Key',
    '400 Bad Request (another 4xx is NON-STRICT); never 101.',
    KEY,
    { key: null },
    refusal([400], false),
  ),
  handshakeCase(
    'H.2.2',
    'Opening handshake with a key that is not base64',
    '400 Bad Request (another 4xx is NON-STRICT); never 101.',
    KEY,
    { key: 'not a key!' },
    refusal([400], false),
  ),
  handshakeCase(
    'H.2.3',
    'Opening handshake with a key of 8 bytes instead of 16',
    '400 Bad Request (another 4xx is NON-STRICT); never 101.',
    KEY,
    { key: 'AQIDBAUGBwg=' },
    refusal([400], false),
  ),
  handshakeCase(
    'H.3.1',
    'A valid opening handshake',
    '101 Switching Protocols with Upgrade, Connection and the Sec-WebSocket-Accept computed from the key.',
    'RFC 6455 §4.2.2',
    {},
    judgeValid,
  ),
  handshakeCase(
    'H.4.1',
    'Offer two subprotocols',
    'The server selects one of those offered, or none; never another.',
    'RFC 6455 §4.2.2',
    { protocols: 'wsinspect.check.a, wsinspect.check.b' },
    judgeSubprotocol,
  ),
  ...[
    'permessage-deflate',
    'permessage-deflate; client_max_window_bits',
    'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
    'permessage-deflate; server_max_window_bits=10',
    'permessage-deflate; client_max_window_bits=9',
    'permessage-deflate; server_max_window_bits=10, permessage-deflate',
  ].map((offer, i) =>
    handshakeCase(
      `H.5.${i + 1}`,
      `Offer "${offer}"`,
      'permessage-deflate declined (UNIMPLEMENTED) or accepted with a response valid for the offer.',
      'RFC 7692 §7.1',
      { extensions: offer },
      judgeDeflate(false),
    ),
  ),
  ...['permessage-deflate; server_max_window_bits=7', 'permessage-deflate; x-unknown-parameter', 'permessage-deflate; server_no_context_takeover=1'].map(
    (offer, i) =>
      handshakeCase(
        `H.6.${i + 1}`,
        `Offer the invalid "${offer}"`,
        'The server declines the offer (RFC 7692 §5: it must not accept an offer with invalid parameters).',
        'RFC 7692 §7.1',
        { extensions: offer },
        judgeDeflate(true),
      ),
  ),
]
