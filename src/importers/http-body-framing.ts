/**
 * Where an HTTP/1.1 message's body ends (RFC 9112 §6.3), so that the message after it on a
 * keep-alive connection can be found. When the message alone cannot say (its body runs until
 * the connection closes, the connection becomes a tunnel, or its length is malformed), the
 * framing says why, and nothing after it can be read as HTTP.
 */
import { headerValues, type HandshakeRequest, type HandshakeResponse } from '../protocol/index.ts'

export type BodyFraming = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'unknown'; reason: string }

const NO_BODY: BodyFraming = { kind: 'length', length: 0 }
const CHUNKED: BodyFraming = { kind: 'chunked' }

/** §6.3: a request's body is chunked, Content-Length long, or absent; never "until close". */
export function requestBodyFraming(request: HandshakeRequest): BodyFraming {
  const codings = transferCodings(request.headers)
  if (codings.length) {
    // Rule 4: the server answers 400 and closes; a reader cannot tell where the body ends.
    return codings.at(-1) === 'chunked' ? CHUNKED : { kind: 'unknown', reason: `its Transfer-Encoding "${codings.join(', ')}" does not end with chunked` }
  }
  return contentLength(request.headers) ?? NO_BODY
}

/** §6.3: a response's framing depends on its status and on the method of the request it answers. */
export function responseBodyFraming(response: HandshakeResponse, requestMethod: string): BodyFraming {
  const { status } = response
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) return NO_BODY
  if (requestMethod === 'CONNECT' && status < 300) return { kind: 'unknown', reason: 'a 2xx answer to CONNECT turns the connection into a tunnel' }
  const codings = transferCodings(response.headers)
  if (codings.length) {
    return codings.at(-1) === 'chunked'
      ? CHUNKED
      : { kind: 'unknown', reason: `its Transfer-Encoding "${codings.join(', ')}" does not end with chunked, so its body runs until the connection closes` }
  }
  return (
    contentLength(response.headers) ?? {
      kind: 'unknown',
      reason: 'it has neither Content-Length nor chunked Transfer-Encoding, so its body runs until the connection closes',
    }
  )
}

function transferCodings(headers: [string, string][]): string[] {
  return headerValues(headers, 'Transfer-Encoding').flatMap((value) =>
    value
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter(Boolean),
  )
}

/** Content-Length's framing, or null without one. Repeats of one value are allowed (§6.3 rule 5). */
function contentLength(headers: [string, string][]): BodyFraming | null {
  const values = headerValues(headers, 'Content-Length').flatMap((value) => value.split(',').map((v) => v.trim()))
  if (!values.length) return null
  const [length, ...others] = new Set(values)
  if (length === undefined || others.length || !/^\d{1,15}$/.test(length))
    return { kind: 'unknown', reason: `its Content-Length "${values.join(', ')}" is not one decimal length` }
  return { kind: 'length', length: Number(length) }
}
