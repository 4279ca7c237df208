/**
 * Failures in words. A page's WebSocket only ever says "error" and close code 1006 — the
 * browser hides the cause on purpose — so a direct connection can only list what the cause
 * can be, and point to the tap, which sees it. Closes after opening are explained by their code.
 */
import { describeCloseCode } from '../../protocol/index.ts'
import type { UpstreamError } from '../../shared/capture-api.ts'

export function failedToOpen(url: string, protocols: string[], code: number): string {
  if (code === 1015) return `Could not connect to ${url}: the TLS handshake failed (1015), e.g. a certificate the browser does not trust.`
  const causes = [
    'nothing listens on that host and port (connection refused) or the host name does not resolve',
    url.startsWith('wss:') ? 'the TLS certificate is not trusted by the browser, or the server does not speak TLS' : null,
    'the server answered the handshake without 101 Switching Protocols (e.g. 404, 403 for this Origin, 426)',
    protocols.length ? `the server chose none of the offered subprotocols (${protocols.join(', ')}) — the browser then fails the connection` : null,
  ].filter((c): c is string => c !== null)
  return (
    `Could not connect to ${url} (close code ${code}, before the connection opened). ` +
    `The browser does not tell pages why. Possible causes: ${causes.join('; ')}. ` +
    'Connect Through tap to see the exact reason.'
  )
}

/** Through the tap, before its reason arrives (the tap reports it on the captures API). */
export function tapFailedToOpen(target: string, code: number): string {
  return `The tap could not open a connection to ${target} (close code ${code}).`
}

/** An error line for a close after the connection opened, or null when the close is an ordinary one. */
export function closedWithError(code: number, reason: string, byUser: boolean): string | null {
  if (code === 1000 || code === 1001 || (byUser && code === 1005)) return null
  if (code === 1006) return 'The connection dropped without a closing handshake (1006 Abnormal Closure): the server or the network went away, or the server broke the protocol.'
  const info = describeCloseCode(code)
  return `Closed with ${code} ${info.name}: ${info.meaning}${reason ? ` Reason: “${reason}”.` : ''}`
}

/** What a page may pass to WebSocket.close(), or why not (the browser throws otherwise). */
export function directCloseProblem(code: number, reason: string): string | null {
  if (code !== 1000 && (code < 3000 || code > 4999)) {
    return `A page may only close with 1000 or 3000–4999 (the browser throws for ${code}). Connect Through tap to send any code.`
  }
  if (new TextEncoder().encode(reason).length > 123) return 'The reason is longer than 123 bytes of UTF-8 (a Close frame\'s payload holds at most 125 bytes).'
  return null
}

/** What the tap saw go wrong on its way to the target, with what to try. */
export function explainUpstreamError(e: UpstreamError): string {
  const code = e.code ? ` (${e.code})` : ''
  switch (e.kind) {
    case 'dns':
      return `Through the tap: the target's host name does not resolve${code}: ${e.message}. Check the spelling, or use an IP address.`
    case 'refused':
      return `Through the tap: connection refused${code}: nothing listens on the target's host and port. ${e.message}`
    case 'unreachable':
      return `Through the tap: the target's network or host is unreachable${code}: ${e.message}`
    case 'tls':
      return `Through the tap: the TLS handshake with the target failed${code}: ${e.message}. An expired, self-signed or wrong-host certificate (for a development server's own certificate, tick "Accept any certificate"), or a server that does not speak TLS on that port.`
    case 'timeout':
      return `Through the tap: the target did not answer the handshake in time: ${e.message}`
    case 'status': {
      const status = e.status?.code
      const hint = status === 401 || status === 403 ? ' It may want credentials: add an Authorization or Cookie header.' : status === 404 ? ' Check the path.' : status === 426 ? ' It expects another protocol version.' : ''
      return `Through the tap: ${e.message}.${hint}`
    }
    case 'reset':
      return `Through the tap: the target closed the connection before answering${code}: ${e.message}`
    case 'protocol':
      return `Through the tap: the target's answer is not HTTP: ${e.message}`
    case 'aborted':
      return `Through the tap: the companion server stopped before the target answered (${e.message}). Start it again (npm start) and reconnect.`
    default:
      return `Through the tap: ${e.message}${code}`
  }
}
