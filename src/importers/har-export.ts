/**
 * Sessions as a HAR 1.2 log that HAR tools open (every required field present), one entry
 * per session with its handshake and its messages in Chrome's `_webSocketMessages` shape.
 * HAR keeps messages, not frames: frames, findings and events are not part of it (the
 * lossless form is session-json.ts).
 */
import { encodeBase64, utf8Decode } from '../protocol/index.ts'
import type { Session } from '../shared/session.ts'
import { OPCODES, type HarEntry, type HarLog, type HarNameValue } from './har-format.ts'

export interface HarExportOptions {
  creator?: { name: string; version: string }
}

export function exportHar(sessions: Session[], options: HarExportOptions = {}): HarLog {
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'wsinspect', version: '0.1.0' },
      entries: sessions.map(harEntry),
    },
  }
}

export function exportHarText(sessions: Session[], options: HarExportOptions = {}): string {
  return JSON.stringify(exportHar(sessions, options), null, 2)
}

function harEntry(session: Session): HarEntry {
  const { info, messages } = session
  const request = info.handshake?.request ?? null
  const response = info.handshake?.response ?? null
  const last = messages.at(-1)?.t ?? info.createdAt
  const started = isoTime(info.createdAt)
  const duration = last - info.createdAt
  const entry: HarEntry = {
    startedDateTime: started ?? new Date(0).toISOString(),
    time: Number.isFinite(duration) ? Math.max(0, duration) : 0,
    request: {
      method: request?.method || 'GET',
      url: info.url || request?.url || '',
      httpVersion: request?.httpVersion ?? 'HTTP/1.1',
      cookies: [],
      headers: pairs(request?.headers ?? []),
      queryString: queryString(info.url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      // A session with messages was upgraded even when its response was not recorded.
      status: response?.status ?? 101,
      statusText: response ? response.statusText : 'Switching Protocols',
      httpVersion: response?.httpVersion ?? 'HTTP/1.1',
      cookies: [],
      headers: pairs(response?.headers ?? []),
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 },
    _resourceType: 'websocket',
    _webSocketMessages: messages.map((m) => {
      const opcode = OPCODES[m.type]
      return {
        type: m.sender === 'client' ? 'send' : 'receive',
        time: m.t / 1000,
        opcode,
        data: opcode === OPCODES.text ? utf8Decode(m.data) : encodeBase64(m.data),
      }
    }),
  }
  const server = serverAddress(info.endpoints?.server)
  if (server) entry.serverIPAddress = server
  // HAR requires a date; a start time no Date can hold is said in the entry's comment instead.
  if (started === null)
    entry.comment = `the session's start time (${info.createdAt} ms since 1970) is beyond the range of dates: startedDateTime is a placeholder`
  return entry
}

/** The range of a JavaScript Date (±100,000,000 days from 1970): a time beyond it has no ISO form. */
const MAX_TIME_MS = 8.64e15

function isoTime(ms: number): string | null {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? new Date(ms).toISOString() : null
}

function pairs(headers: [string, string][]): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }))
}

function queryString(url: string): HarNameValue[] {
  const query = url.indexOf('?')
  if (query < 0) return []
  const end = url.indexOf('#', query)
  return url
    .slice(query + 1, end < 0 ? undefined : end)
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=')
      return eq < 0 ? { name: part, value: '' } : { name: part.slice(0, eq), value: part.slice(eq + 1) }
    })
}

/** "10.0.0.2:8080" → "10.0.0.2"; "[::1]:80" → "::1" (HAR wants IPv6 without brackets). */
function serverAddress(endpoint: string | undefined): string | null {
  if (!endpoint) return null
  const bracketed = /^\[(.*)\]:\d+$/.exec(endpoint)?.[1]
  if (bracketed !== undefined) return bracketed
  const colon = endpoint.lastIndexOf(':')
  return colon > 0 ? endpoint.slice(0, colon) : endpoint
}
