/**
 * HAR files → sessions: every entry that is a WebSocket (response 101, `_resourceType`
 * "websocket", or `_webSocketMessages`) becomes a session with its handshake headers and,
 * from Chrome's `_webSocketMessages`, its messages. HAR has messages only, so `framesReal`
 * is false. A bad message or entry is reported with its path and skipped; the rest is kept.
 */
import { decodeBase64, parseCloseBody, utf8Encode, type HandshakeRequest, type HandshakeResponse } from '../protocol/index.ts'
import { emptySession, type Session, type SessionMessage } from '../shared/session.ts'
import { OPCODES } from './har-format.ts'
import { responseField } from './http-upgrade.ts'
import { emptyResult, type ImportOptions, type ImportResult } from './import-result.ts'
import type { Importer } from './importer.ts'
import { isObject, parseJsonText } from './json-text.ts'

const TYPES: Record<number, SessionMessage['type']> = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' }

export const harImporter: Importer = {
  format: 'har',
  label: 'HAR log',
  sniff: (probe) => isHar(probe.json()),
  import: (probe, options) => importHarValue(probe.json(), options),
}

export function isHar(value: unknown): boolean {
  return isObject(value) && isObject(value.log) && Array.isArray(value.log.entries)
}

export function importHar(input: Uint8Array | string, options: ImportOptions = {}): ImportResult {
  const parsed = parseJsonText(input)
  if (!parsed.ok) return { ...emptyResult('har'), errors: [parsed.error] }
  return importHarValue(parsed.value, options)
}

export function importHarValue(value: unknown, options: ImportOptions = {}): ImportResult {
  const result = emptyResult('har')
  if (!isHar(value)) {
    result.errors.push({ message: 'not a HAR file: log.entries is missing or not an array', offset: 0 })
    return result
  }
  const entries = (value as { log: { entries: unknown[] } }).log.entries
  const prefix = options.idPrefix ?? 'import'
  entries.forEach((entry, i) => {
    const path = `log.entries[${i}]`
    if (!isObject(entry) || !isWebSocketEntry(entry)) return
    const session = readEntry(entry, path, result)
    session.info.id = `${prefix}-${result.sessions.length + 1}`
    result.sessions.push(session)
  })
  const others = entries.length - result.sessions.length
  if (others > 0) result.warnings.push(`${others} HAR entr${others === 1 ? 'y' : 'ies'} skipped: not WebSocket connections`)
  return result
}

function isWebSocketEntry(entry: Record<string, unknown>): boolean {
  const response = isObject(entry.response) ? entry.response : {}
  return Array.isArray(entry._webSocketMessages) || entry._resourceType === 'websocket' || response.status === 101
}

function readEntry(entry: Record<string, unknown>, path: string, result: ImportResult): Session {
  const request = readRequest(entry.request)
  const response = readResponse(entry.response)
  const rawUrl = typeof (entry.request as { url?: unknown } | undefined)?.url === 'string' ? (entry.request as { url: string }).url : ''
  // Firefox records the handshake under its http(s) URL.
  const url = rawUrl.replace(/^http(s?):/i, 'ws$1:')
  const started = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN
  const session = emptySession({
    id: '',
    source: 'har',
    name: url || path,
    url,
    createdAt: Number.isFinite(started) ? started : 0,
    framesReal: false,
    subprotocol: responseField(response, 'Sec-WebSocket-Protocol'),
    extensions: responseField(response, 'Sec-WebSocket-Extensions'),
    handshake: { request, response },
  })
  if (response?.status === 101) {
    session.events.push({
      t: session.info.createdAt,
      kind: 'open',
      readyState: 1,
      detail: `HTTP 101 ${response.statusText}`.trim(),
      closeCode: null,
      wasClean: null,
    })
  }
  const messages = entry._webSocketMessages
  if (!Array.isArray(messages)) {
    session.info.notes.push('this HAR entry has no WebSocket messages: the browser that wrote it (Firefox, for one) does not export them')
    return session
  }
  messages.forEach((message, i) => {
    const problem = readMessage(message, session)
    if (problem) result.errors.push({ message: `${path}._webSocketMessages[${i}]: ${problem}; message skipped`, offset: 0 })
  })
  return session
}

/** Adds one `_webSocketMessages` item to the session; returns what is wrong with it, if anything. */
function readMessage(item: unknown, session: Session): string | null {
  if (!isObject(item)) return 'expected an object'
  const { type, time, opcode, data } = item
  if (type !== 'send' && type !== 'receive' && type !== 'error') return `type ${JSON.stringify(type)} is not "send", "receive" or "error"`
  if (typeof data !== 'string') return 'data is not a string'
  const t = typeof time === 'number' && Number.isFinite(time) ? time * 1000 : session.info.createdAt
  if (type === 'error') {
    session.events.push({ t, kind: 'error', readyState: null, detail: data, closeCode: null, wasClean: null })
    return null
  }
  const messageType = typeof opcode === 'number' ? TYPES[opcode] : undefined
  if (!messageType) return `opcode ${JSON.stringify(opcode)} is not a WebSocket message opcode (1, 2, 8, 9 or 10)`
  let bytes: Uint8Array | null
  if (opcode === OPCODES.text) bytes = utf8Encode(data)
  else {
    bytes = decodeBase64(data)
    // Some tools write control frames' data as text; binary data must be base64.
    if (!bytes && opcode !== OPCODES.binary) bytes = utf8Encode(data)
    if (!bytes) return `opcode 2 data is not valid base64`
  }
  const close = messageType === 'close' ? parseCloseBody(bytes).body : null
  session.messages.push({
    t,
    sender: type === 'send' ? 'client' : 'server',
    type: messageType,
    data: bytes,
    compressed: false,
    wireLength: null,
    frameCount: null,
    closeCode: close?.code ?? null,
    closeReason: close && close.code !== null ? close.reason : null,
  })
  return null
}

function nameValues(value: unknown): [string, string][] {
  if (!Array.isArray(value)) return []
  return value.filter((h) => isObject(h) && typeof h.name === 'string' && typeof h.value === 'string').map((h) => [h.name, h.value] as [string, string])
}

function readRequest(value: unknown): HandshakeRequest | null {
  if (!isObject(value)) return null
  return {
    method: typeof value.method === 'string' ? value.method : '',
    url: typeof value.url === 'string' ? value.url : '',
    httpVersion: typeof value.httpVersion === 'string' && value.httpVersion ? value.httpVersion : null,
    headers: nameValues(value.headers),
  }
}

function readResponse(value: unknown): HandshakeResponse | null {
  if (!isObject(value)) return null
  return {
    status: typeof value.status === 'number' ? value.status : 0,
    statusText: typeof value.statusText === 'string' ? value.statusText : '',
    httpVersion: typeof value.httpVersion === 'string' && value.httpVersion ? value.httpVersion : null,
    headers: nameValues(value.headers),
  }
}
