/**
 * Failures in words. A page's WebSocket only ever says "error" and close code 1006 — the
 * browser hides the cause on purpose — so a direct connection can only list what the cause
 * can be, and point to the tap, which sees it. Closes after opening are explained by their code.
 * Every message is one headline line; what follows its first line break is detail, shown on demand.
 */
import { describeCloseCode, FINDINGS } from '../../protocol/index.ts'
import type { UpstreamError } from '../../shared/capture-api.ts'
import type { Violation } from './connection.ts'

/**
 * Ports browsers refuse to connect to, whatever the scheme (the Fetch standard's "bad port"
 * list; Chrome says ERR_UNSAFE_PORT): other services' ports, so pages cannot talk to them.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
])

/** The URL's port when browsers refuse it, or null. */
export function unsafePort(url: string): number | null {
  let port: number
  try {
    const parsed = new URL(url)
    if (parsed.port === '') return null
    port = Number(parsed.port)
  } catch {
    return null
  }
  return BAD_PORTS.has(port) ? port : null
}

export function unsafePortText(port: number): string {
  return `The browser refuses port ${port} (ERR_UNSAFE_PORT): browsers block the ports of other services (SSH, mail, …).\nPort ${port} is on the Fetch standard's list of bad ports, so nothing left the browser. Use another port for the server, or connect Through tap: the companion server connects for the page and is not bound by that list.`
}

export function failedToOpen(url: string, protocols: string[], code: number): string {
  const port = unsafePort(url)
  if (port !== null) return unsafePortText(port)
  if (code === 1015)
    return `Could not connect to ${url}: the TLS handshake failed (1015).\nE.g. a certificate the browser does not trust. Connect Through tap to see the certificate's problem in words.`
  const causes = [
    'nothing listens on that host and port (connection refused) or the host name does not resolve',
    url.startsWith('wss:') ? 'the TLS certificate is not trusted by the browser, or the server does not speak TLS' : null,
    'the server answered the handshake without 101 Switching Protocols (e.g. 404, 403 for this Origin, 426)',
    protocols.length ? `the server chose none of the offered subprotocols (${protocols.join(', ')}) — the browser then fails the connection` : null,
  ].filter((c): c is string => c !== null)
  return (
    `Could not connect to ${url} (close code ${code}, before the connection opened). Connect Through tap to see why.\n` +
    `The browser does not tell pages why. Possible causes: ${causes.join('; ')}.`
  )
}

/** Through the tap, before its reason arrives (the tap reports it on the captures API). */
export function tapFailedToOpen(target: string, code: number): string {
  return `The tap could not open a connection to ${target} (close code ${code}).`
}

/**
 * An error line for a close after the connection opened, or null when the close is an ordinary
 * one: 1000/1001, or the code the user asked for (`requested`, e.g. 4001) coming back.
 */
export function closedWithError(code: number, reason: string, requested: number | null, tapped = false): string | null {
  if (code === 1000 || code === 1001 || (requested !== null && (code === 1005 || code === requested))) return null
  if (code === 1006) {
    return tapped
      ? 'The connection dropped without a closing handshake (1006 Abnormal Closure).\nThe server or the network went away: the tap saw no Close frame.'
      : 'The connection dropped without a closing handshake (1006 Abnormal Closure). Reconnect Through tap to see why.\nThe server or the network went away, or the server broke the protocol; the browser does not tell pages which. Through the tap, the frame that broke the protocol shows in the log with its finding.'
  }
  const info = describeCloseCode(code)
  return `Closed with ${code} ${info.name}: ${info.meaning}${reason ? ` Reason: “${reason}”.` : ''}`
}

/** What a page may pass to WebSocket.close(), or why not (the browser throws otherwise). */
export function directCloseProblem(code: number, reason: string): string | null {
  if (code !== 1000 && (code < 3000 || code > 4999)) {
    return `A page may only close with 1000 or 3000–4999 (the browser throws for ${code}). Connect Through tap to send any code.`
  }
  if (new TextEncoder().encode(reason).length > 123) return "The reason is longer than 123 bytes of UTF-8 (a Close frame's payload holds at most 125 bytes)."
  return null
}

/** What the tap saw go wrong on its way to the target, with what to try; the system's own words are the detail. */
export function explainUpstreamError(e: UpstreamError): string {
  const code = e.code ? ` (${e.code})` : ''
  switch (e.kind) {
    case 'dns':
      return `Through the tap: the target's host name does not resolve${code}. Check the spelling, or use an IP address.\n${e.message}`
    case 'refused':
      return `Through the tap: connection refused${code}: nothing listens on the target's host and port.\n${e.message}`
    case 'unreachable':
      return `Through the tap: the target's network or host is unreachable${code}.\n${e.message}`
    case 'tls':
      return `Through the tap: ${tlsInWords(e)}\n${e.message}${code}`
    case 'timeout':
      return `Through the tap: the target did not answer the handshake in time: ${e.message}`
    case 'status': {
      const status = e.status?.code
      const hint =
        status === 401 || status === 403
          ? ' It may want credentials: add an Authorization or Cookie header.'
          : status === 404
            ? ' Check the path.'
            : status === 426
              ? ' It expects another protocol version.'
              : ''
      return `Through the tap: ${e.message}.${hint}`
    }
    case 'reset':
      return `Through the tap: the target closed the connection before answering${code}.\n${e.message}`
    case 'protocol':
      return `Through the tap: the target's answer is not HTTP: ${e.message}`
    case 'aborted':
      return `Through the tap: the companion server stopped before the target answered (${e.message}). Start it again (npm start) and reconnect.`
    default:
      return `Through the tap: ${e.message}${code}`
  }
}

/** Node's (OpenSSL's) TLS failures, by code or message, in words with what to do. */
const TLS_CAUSES: [RegExp, string][] = [
  [
    /SELF_SIGNED|self[- ]signed/i,
    'the target’s certificate is self-signed, so nobody vouches for it. For a development server, tick “Accept any certificate”.',
  ],
  [
    /UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|unable to (get|verify)/i,
    'the target’s certificate is signed by an authority this machine does not know (a private CA?). Give the companion server that CA with NODE_EXTRA_CA_CERTS, or tick “Accept any certificate”.',
  ],
  [/CERT_HAS_EXPIRED|expired/i, 'the target’s certificate has expired.'],
  [/CERT_NOT_YET_VALID|not yet valid/i, 'the target’s certificate is not valid yet (check the clocks).'],
  [/ALTNAME|Hostname\/IP does not match/i, 'the target’s certificate is for another host name than the one in the URL.'],
  [
    /WRONG_VERSION_NUMBER|wrong version number|packet length too long|http request/i,
    'the target does not speak TLS on that port: try ws:// instead of wss://, or the TLS port.',
  ],
  [/PROTOCOL_VERSION|unsupported protocol|no protocols available/i, 'the target and the companion server share no TLS version.'],
  [/HANDSHAKE_FAILURE|sslv3 alert handshake failure|no shared cipher/i, 'the target refused the TLS handshake (no cipher or certificate both sides accept).'],
]

function tlsInWords(e: UpstreamError): string {
  const text = `${e.code ?? ''} ${e.message}`
  const cause = TLS_CAUSES.find(([pattern]) => pattern.test(text))?.[1]
  return cause ? `the TLS handshake failed: ${cause}` : 'the TLS handshake with the target failed.'
}

/**
 * Through the tap, the frame that ended the connection, named instead of the page's generic
 * 1006; and the other side's reaction (the browser's, when the server broke the protocol) when
 * it is not what RFC 6455 expects. One line; the finding's particulars follow as the detail.
 */
export function violationText(v: Violation): string {
  const { finding, sender, answer } = v
  const what = (FINDINGS as Record<string, { text: string } | undefined>)[finding.code]?.text ?? finding.message
  const expected = finding.closeCode
  const other = sender === 'server' ? 'the browser' : 'the server'
  const facts = [expected === null ? null : String(expected), finding.rfc].filter((f): f is string => f !== null).join(', ')
  let headline = `The ${sender} broke the protocol: ${what} (${facts}).`
  let reaction = ''
  if (answer === null) {
    headline += ` ${capitalise(other)} closed without a Close frame.`
    reaction = ` ${capitalise(other)} dropped the connection without a Close frame, where RFC 6455 §7.1.7 says it should send one${expected === null ? '' : ` with ${expected}`}.`
  } else if (answer !== undefined && expected !== null && answer !== expected) {
    headline += ` ${capitalise(other)} answered ${answer}, where RFC 6455 expects ${expected}.`
    reaction = ` ${capitalise(other)} closed with ${answer} ${describeCloseCode(answer).name}; RFC 6455 expects ${expected} ${describeCloseCode(expected).name} for this.`
  } else if (answer !== undefined) {
    reaction = ` ${capitalise(other)} answered with ${answer}, as RFC 6455 expects.`
  }
  const page = sender === 'server' ? ' The page’s WebSocket only learns 1006 (Abnormal Closure).' : ''
  return `${headline}\n${finding.message}.${reaction}${page} The frame is marked in the log.`
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1)
