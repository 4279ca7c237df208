/**
 * What the compose box would send: text as is, JSON only when it parses (with the line and
 * column of the first error), binary from hex in any spelling the core's input reader knows.
 */
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { encode as cborEncode } from 'cborg'
import { parseInput } from '../../input/index.ts'
import { err, ok, type Result } from '../../protocol/index.ts'

/** msgpack and cbor: written as JSON, sent as a binary message in that encoding. */
export type DraftFormat = 'text' | 'json' | 'binary' | 'msgpack' | 'cbor'

/** Formats whose body is JSON text. */
export const JSON_BODIES: readonly DraftFormat[] = ['json', 'msgpack', 'cbor']

export type DraftPayload = Result<string | Uint8Array<ArrayBuffer>>

export function draftPayload(format: DraftFormat, body: string): DraftPayload {
  if (format === 'binary') {
    const parsed = parseInput(body, 'hex')
    return parsed.ok ? ok(new Uint8Array(parsed.value.bytes)) : err(`Hex: ${parsed.error.message}`)
  }
  if (JSON_BODIES.includes(format)) {
    const problem = jsonProblem(body)
    if (problem) return err(problem)
  }
  if (format === 'msgpack' || format === 'cbor') {
    const value: unknown = JSON.parse(body)
    try {
      const bytes = format === 'msgpack' ? msgpackEncode(value) : cborEncode(value)
      return ok(new Uint8Array(bytes))
    } catch (e) {
      return err(`${format === 'msgpack' ? 'MessagePack' : 'CBOR'}: ${(e as Error).message}`)
    }
  }
  return ok(body)
}

/** Why the text is not JSON (with line and column), or null when it parses. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text)
    return null
  } catch (e) {
    const message = (e as Error).message
    const position = /position (\d+)/.exec(message)
    if (!position) return `Invalid JSON: ${message}`
    const before = text.slice(0, Number(position[1]))
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    return `Invalid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`
  }
}

/** Pretty-printed JSON, or null when the text does not parse. */
export function formatJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return null
  }
}
