/**
 * Hiding credentials in what wsinspect shows and writes: handshake fields (Authorization,
 * Cookie, Set-Cookie…) and URL query parameters that carry tokens (`token=`, `access_token=`,
 * `key=`…). Only the secret part is replaced, so what is left still explains the exchange: the
 * Authorization scheme, cookie names, cookie attributes, the other query parameters. Pure and
 * isomorphic: the server redacts the captures feed, the app its exports.
 */
import type { HandshakeRequest, HandshakeResponse } from '../protocol/index.ts'
import type { Session } from './session.ts'

export const REDACTED = '[redacted]'

/** Fields whose whole value is a credential. */
const SECRET_FIELDS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
])

/** Query parameter names that carry credentials: token, access_token, apiKey, key, sig, password, session… */
const SECRET_PARAM = /(^|[_.-])(code|sid|jwt|auth)$|token$|key$|secret$|passw(or)?d$|pwd$|signature$|^sig$|session(id)?$|credentials?$/i

export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase())
}

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name)
}

/** The field's value with its credential replaced (the same value when the field holds none). */
export function redactFieldValue(name: string, value: string): string {
  switch (name.toLowerCase()) {
    case 'authorization':
    case 'proxy-authorization': {
      // "Bearer abc" → "Bearer [redacted]": the scheme says how the client authenticates.
      const scheme = /^([A-Za-z][\w!#$%&'*+.^`|~-]*)\s+\S/.exec(value)
      return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED
    }
    case 'cookie':
      return value
        .split(';')
        .map((pair) => pair.trim())
        .filter(Boolean)
        .map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${REDACTED}` : REDACTED))
        .join('; ')
    case 'set-cookie': {
      // The attributes (Path, HttpOnly, SameSite…) are no secret and often what is being debugged.
      const [first, ...attributes] = value.split(';')
      const cookie = first.includes('=') ? `${first.slice(0, first.indexOf('=')).trim()}=${REDACTED}` : REDACTED
      return [cookie, ...attributes.map((a) => a.trim())].join('; ')
    }
    default:
      return isSecretField(name) ? REDACTED : value
  }
}

export function redactFields(fields: [string, string][]): [string, string][] {
  return fields.map(([name, value]) => [name, redactFieldValue(name, value)])
}

/**
 * A URL (absolute or a request-target) with the values of secret query parameters and any
 * user:password replaced; the rest is kept character for character.
 */
export function redactUrl(url: string): string {
  const withoutPassword = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':')
    return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:${REDACTED}` : REDACTED}@`
  })
  const query = withoutPassword.indexOf('?')
  if (query < 0) return withoutPassword
  const hash = withoutPassword.indexOf('#', query)
  const end = hash < 0 ? withoutPassword.length : hash
  const params = withoutPassword
    .slice(query + 1, end)
    .split('&')
    .map((param) => {
      const eq = param.indexOf('=')
      if (eq < 0) return param
      let name = param.slice(0, eq)
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '))
      } catch {
        // Not valid percent-encoding: judge the name as written.
      }
      return isSecretParam(name) && eq < param.length - 1 ? `${param.slice(0, eq)}=${REDACTED}` : param
    })
  return `${withoutPassword.slice(0, query + 1)}${params.join('&')}${withoutPassword.slice(end)}`
}

/** An HTTP head as text (request or status line, then fields), its credentials replaced; CRLFs kept. */
export function redactHttpHead(text: string): string {
  const lines = text.split('\r\n')
  return lines
    .map((line, i) => {
      if (i === 0)
        return line.replace(/^(\S+ )(\S+)( HTTP\/\S+)$/, (_all, method: string, target: string, version: string) => `${method}${redactUrl(target)}${version}`)
      const colon = line.indexOf(':')
      if (colon <= 0) return line
      const name = line.slice(0, colon)
      if (!isSecretField(name)) return line
      const value = line.slice(colon + 1).trim()
      return `${name}: ${redactFieldValue(name, value)}`
    })
    .join('\r\n')
}

export function redactRequest(request: HandshakeRequest): HandshakeRequest {
  return { ...request, url: redactUrl(request.url), headers: redactFields(request.headers) }
}

export function redactResponse(response: HandshakeResponse): HandshakeResponse {
  return { ...response, headers: redactFields(response.headers) }
}

/** A session as exported without its credentials: its URL, name and handshake (messages are the application's data, kept). */
export function redactSession(session: Session): Session {
  const { info } = session
  const handshake = info.handshake && {
    request: info.handshake.request && redactRequest(info.handshake.request),
    response: info.handshake.response && redactResponse(info.handshake.response),
  }
  return { ...session, info: { ...info, name: redactUrl(info.name), url: redactUrl(info.url), handshake } }
}
