/**
 * Reading the JSON formats (HAR, wsinspect JSON) from file bytes: UTF-8 with or without a
 * byte-order mark, and a parse failure turned into an ImportError with its position.
 */
import { err, ok, utf8Decode, type Result } from '../protocol/index.ts'
import type { ImportError } from './import-result.ts'

export type JsonParse = Result<unknown, ImportError>

export function parseJsonText(input: Uint8Array | string): JsonParse {
  const text = typeof input === 'string' ? input : utf8Decode(input)
  try {
    return ok(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const position = /position (\d+)/.exec(message)
    return err({ message: `not valid JSON: ${message}`, offset: position ? Number(position[1]) : 0 })
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
