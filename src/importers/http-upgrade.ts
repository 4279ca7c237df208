/**
 * Finds what each direction of a TCP connection starts with, and what each later HTTP message
 * of a keep-alive connection is: an HTTP/1.x request or status line and its header block (a
 * WebSocket opening handshake when it asks for, or grants, an upgrade), a TLS record, or
 * anything else. Any port: the bytes decide, not the port number.
 */
import { headerValues, parseHandshake, utf8Decode, type Finding, type HandshakeRequest, type HandshakeResponse } from '../protocol/index.ts'
import { isTlsRecordStart } from './tls-detect.ts'

export type StreamStart =
  | { kind: 'need-more' }
  | { kind: 'http-request'; headLength: number; request: HandshakeRequest; findings: Finding[] }
  | { kind: 'http-response'; headLength: number; response: HandshakeResponse; findings: Finding[] }
  | { kind: 'tls' }
  | { kind: 'other' }

/** Longest header block waited for; browsers' handshakes are well under 8 KiB. */
export const MAX_HEAD_LENGTH = 64 * 1024

const REQUEST_LINE = /^[A-Z]{1,16} [^ \r\n]+ HTTP\/1\.[0-9]\r?\n/
const STATUS_LINE = /^HTTP\/1\.[0-9] [0-9]{3}[^\r\n]*\r?\n/
const TOKEN_CHAR = /^[A-Z]*$/

/**
 * Classifies the first bytes of a direction, or of a message in it. `prefix` holds them (up to
 * MAX_HEAD_LENGTH); `ended` says that no more will come, so a partial head is not waited for.
 */
export function classifyStreamStart(prefix: Uint8Array, ended: boolean): StreamStart {
  if (prefix.length === 0) return ended ? { kind: 'other' } : { kind: 'need-more' }
  if (prefix.length < 3 && !ended) return { kind: 'need-more' }
  if (isTlsRecordStart(prefix)) return { kind: 'tls' }
  const lineEnd = prefix.indexOf(0x0a)
  const firstLine = latin1(prefix, 0, lineEnd < 0 ? Math.min(prefix.length, 64) : lineEnd + 1)
  const isRequest = REQUEST_LINE.test(firstLine)
  const isResponse = STATUS_LINE.test(firstLine)
  if (!isRequest && !isResponse) {
    // Still typing out a method or "HTTP/1.1 101": wait for the line to end.
    const looksLikeStart = lineEnd < 0 && (TOKEN_CHAR.test(firstLine) || /^[A-Z]+ /.test(firstLine) || 'HTTP/1.'.startsWith(firstLine.slice(0, 7)))
    return looksLikeStart && !ended && prefix.length < MAX_HEAD_LENGTH ? { kind: 'need-more' } : { kind: 'other' }
  }
  const headLength = headEnd(prefix)
  if (headLength < 0) return ended || prefix.length >= MAX_HEAD_LENGTH ? { kind: 'other' } : { kind: 'need-more' }
  const parsed = parseHandshake(utf8Decode(prefix.subarray(0, headLength)))
  if (isRequest && parsed.request) return { kind: 'http-request', headLength, request: parsed.request, findings: parsed.findings }
  if (isResponse && parsed.response) return { kind: 'http-response', headLength, response: parsed.response, findings: parsed.findings }
  return { kind: 'other' }
}

/** Length of the head up to and including the blank line (CRLF CRLF, or bare LF LF), or -1. */
function headEnd(bytes: Uint8Array): number {
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < bytes.length; i = bytes.indexOf(0x0a, i + 1)) {
    if (bytes[i + 1] === 0x0a) return i + 2
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3
  }
  return -1
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end))
}

/** The request asks for a WebSocket upgrade (RFC 6455 §4.1: Upgrade contains "websocket"). */
export function requestsWebSocket(request: HandshakeRequest): boolean {
  return hasToken(request.headers, 'Upgrade', 'websocket')
}

/** The response completes the upgrade: 101 Switching Protocols. */
export function grantsUpgrade(response: HandshakeResponse): boolean {
  return response.status === 101
}

function hasToken(headers: [string, string][], name: string, token: string): boolean {
  return headerValues(headers, name).some((value) => value.split(',').some((t) => t.trim().toLowerCase() === token))
}

/** The ws:// URL of a handshake seen in clear text: from Host and the request target. */
export function webSocketUrl(request: HandshakeRequest, fallbackHost: string): string {
  if (/^wss?:\/\//i.test(request.url)) return request.url
  if (/^https?:\/\//i.test(request.url)) return request.url.replace(/^http/i, 'ws')
  const host = headerValues(request.headers, 'Host')[0] ?? fallbackHost
  return `ws://${host}${request.url.startsWith('/') ? request.url : `/${request.url}`}`
}

/** The single value of a response field, joined when repeated (as the core reads extensions). */
export function responseField(response: HandshakeResponse | null, name: string): string | null {
  const values = response ? headerValues(response.headers, name) : []
  return values.length ? values.join(', ') : null
}
