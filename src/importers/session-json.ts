/**
 * The lossless JSON form of sessions, for saving and re-importing: the Session model as is,
 * with every byte array as base64, under a format name and version. Import validates every
 * field and says exactly which one is wrong ("sessions[0].messages[3].data: …"); a session
 * that fails validation is left out and the others are kept.
 */
import { decodeBase64, encodeBase64 } from '../protocol/index.ts'
import type { Session } from '../shared/session.ts'
import { emptyResult, type ImportResult } from './import-result.ts'
import type { Importer } from './importer.ts'
import { isObject, parseJsonText } from './json-text.ts'

export const SESSION_JSON_FORMAT = 'wsinspect-session'
export const SESSION_JSON_VERSION = 1

export interface SessionJsonFile {
  format: typeof SESSION_JSON_FORMAT
  version: typeof SESSION_JSON_VERSION
  sessions: unknown[]
}

export function exportSessionsJson(sessions: Session[]): string {
  const file: SessionJsonFile = {
    format: SESSION_JSON_FORMAT,
    version: SESSION_JSON_VERSION,
    sessions: sessions.map((s) => ({
      ...s,
      messages: s.messages.map((m) => ({ ...m, data: encodeBase64(m.data) })),
      frames: s.frames.map((f) => ({ ...f, header: encodeBase64(f.header), payload: encodeBase64(f.payload) })),
    })),
  }
  return JSON.stringify(file)
}

export const sessionJsonImporter: Importer = {
  format: 'wsinspect-json',
  label: 'wsinspect session JSON',
  sniff: (probe) => isSessionJson(probe.json()),
  import: (probe) => importSessionsJsonValue(probe.json()),
}

/** True when the parsed JSON claims to be this format (whatever its version). */
export function isSessionJson(value: unknown): boolean {
  return isObject(value) && value.format === SESSION_JSON_FORMAT
}

export function importSessionsJson(input: Uint8Array | string): ImportResult {
  const parsed = parseJsonText(input)
  if (!parsed.ok) return { ...emptyResult('wsinspect-json'), errors: [parsed.error] }
  return importSessionsJsonValue(parsed.value)
}

export function importSessionsJsonValue(value: unknown): ImportResult {
  const result = emptyResult('wsinspect-json')
  const fail = (message: string) => {
    result.errors.push({ message, offset: 0 })
    return result
  }
  if (!isSessionJson(value)) return fail(`not a wsinspect session file: "format" must be "${SESSION_JSON_FORMAT}"`)
  const file = value as Record<string, unknown>
  if (file.version !== SESSION_JSON_VERSION)
    return fail(`wsinspect session file version ${JSON.stringify(file.version)} is not supported (this version reads ${SESSION_JSON_VERSION})`)
  if (!Array.isArray(file.sessions)) return fail('sessions: expected an array')
  file.sessions.forEach((session, i) => {
    try {
      result.sessions.push(readSession(session, `sessions[${i}]`))
    } catch (e) {
      if (!(e instanceof Invalid)) throw e
      result.errors.push({ message: `${e.message}; session left out`, offset: 0 })
    }
  })
  return result
}

/** A validation failure inside one session: caught per session, never leaves this module. */
class Invalid extends Error {}

type Check<T> = (value: unknown, path: string) => T

function invalid(path: string, expected: string, value: unknown): never {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 40)
  throw new Invalid(`${path}: expected ${expected}, got ${shown}`)
}

const str: Check<string> = (v, p) => (typeof v === 'string' ? v : invalid(p, 'a string', v))
const num: Check<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : invalid(p, 'a finite number', v))
const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : invalid(p, 'true or false', v))
const bytes: Check<Uint8Array> = (v, p) => (typeof v === 'string' && decodeBase64(v)) || invalid(p, 'base64 bytes', v)
const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, p) =>
    v === null ? null : check(v, p)
const oneOf =
  <T extends string>(...values: T[]): Check<T> =>
  (v, p) =>
    values.includes(v as T) ? (v as T) : invalid(p, values.map((x) => `"${x}"`).join(' or '), v)
const list =
  <T>(check: Check<T>): Check<T[]> =>
  (v, p) =>
    Array.isArray(v) ? v.map((item, i) => check(item, `${p}[${i}]`)) : invalid(p, 'an array', v)

/** An object with exactly these fields (optional ones may be absent); unknown fields are refused. */
function record<T>(fields: { [K in keyof T]-?: Check<T[K]> }, optional: string[] = []): Check<T> {
  return (v, p) => {
    if (!isObject(v)) return invalid(p, 'an object', v)
    for (const key of Object.keys(v)) if (!(key in fields)) throw new Invalid(`${p}.${key}: unknown field`)
    const out: Record<string, unknown> = {}
    for (const [key, check] of Object.entries(fields) as [string, Check<unknown>][]) {
      if (optional.includes(key) && v[key] === undefined) continue
      out[key] = check(v[key], `${p}.${key}`)
    }
    return out as T
  }
}

const sender = oneOf('client', 'server')
const headers = list((v, p) =>
  Array.isArray(v) && v.length === 2 ? ([str(v[0], `${p}[0]`), str(v[1], `${p}[1]`)] as [string, string]) : invalid(p, 'a [name, value] pair', v),
)
const onlyTrue: Check<true> = (v, p) => (v === true ? true : invalid(p, 'true', v))

const readSession: Check<Session> = record<Session>({
  info: record<Session['info']>({
    id: str,
    name: str,
    source: oneOf('direct', 'tap', 'proxy', 'pcap', 'har', 'paste', 'json'),
    url: str,
    createdAt: num,
    framesReal: bool,
    subprotocol: nullable(str),
    extensions: nullable(str),
    handshake: nullable(
      record<NonNullable<Session['info']['handshake']>>({
        request: nullable(record({ method: str, url: str, httpVersion: nullable(str), headers, headersMissing: onlyTrue }, ['headersMissing'])),
        response: nullable(record({ status: num, statusText: str, httpVersion: nullable(str), headers, headersMissing: onlyTrue }, ['headersMissing'])),
      }),
    ),
    endpoints: nullable(record({ client: str, server: str })),
    notes: list(str),
  }),
  messages: list(
    record<Session['messages'][number]>(
      {
        t: num,
        sender,
        type: oneOf('text', 'binary', 'close', 'ping', 'pong'),
        data: bytes,
        compressed: bool,
        wireLength: nullable(num),
        frameCount: nullable(num),
        closeCode: nullable(num),
        closeReason: nullable(str),
        gap: oneOf('cut', 'not-inflated'),
      },
      ['gap'],
    ),
  ),
  frames: list(record<Session['frames'][number]>({ t: num, sender, offset: num, header: bytes, payload: bytes, messageIndex: nullable(num), injected: bool })),
  events: list(
    record<Session['events'][number]>({
      t: num,
      kind: oneOf('connecting', 'open', 'error', 'closing', 'closed', 'note'),
      readyState: nullable(num),
      detail: str,
      closeCode: nullable(num),
      wasClean: nullable(bool),
    }),
  ),
  findings: list(
    record<Session['findings'][number]>({
      t: num,
      sender,
      finding: record({ code: str, severity: oneOf('error', 'warning', 'info'), closeCode: nullable(num), rfc: str, message: str, offset: num, length: num }),
    }),
  ),
})
