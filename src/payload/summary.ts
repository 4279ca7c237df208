import { clipLine } from '../protocol/index.ts'
import type { JsonValue, LayerResult, PayloadError, PayloadKind } from './types.ts'

const SUMMARY_CHARS = 100

/** One line of at most `max` characters (the core's clipLine: control characters shown as dots). */
export function clip(text: string, max = SUMMARY_CHARS): string {
  return clipLine(text, max)
}

/** A value as a short JSON snippet for summaries; stops writing once it is long enough. */
export function brief(value: unknown, max = 60): string {
  if (value === undefined) return ''
  const out: string[] = []
  let length = 0
  const put = (s: string) => {
    out.push(s)
    length += s.length
  }
  const write = (v: unknown): void => {
    if (length > max) return
    if (v === null || typeof v !== 'object') {
      put(typeof v === 'string' ? JSON.stringify(v.length > max ? v.slice(0, max) : v) : typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'null'))
    } else if (Array.isArray(v)) {
      put('[')
      v.forEach((item, i) => {
        if (i) put(',')
        write(item)
      })
      put(']')
    } else {
      put('{')
      let first = true
      for (const [k, item] of Object.entries(v)) {
        if (length > max) break
        put(`${first ? '' : ','}${JSON.stringify(k)}:`)
        first = false
        write(item)
      }
      put('}')
    }
  }
  write(value)
  return clip(out.join(''), max)
}

/** Words joined into a summary, empty ones left out. */
export function words(...parts: (string | number | null | undefined | false)[]): string {
  return clip(parts.filter((p) => p !== null && p !== undefined && p !== false && p !== '').join(' '))
}

export function idString(id: unknown): string | null {
  if (typeof id === 'string') return id
  if (typeof id === 'number' || typeof id === 'bigint') return String(id)
  return null
}

/**
 * A layer result whose value and summary are worked out when first read: a layer that hands its
 * content on is shown only when no inner decoder reads it, and counting (`--stats`) reads neither.
 */
export function handingOn(result: Omit<LayerResult, 'value' | 'summary'>, value: () => JsonValue, summary: () => string): LayerResult {
  return Object.defineProperties(result, { value: once(value), summary: once(summary) }) as LayerResult
}

function once<T>(compute: () => T): PropertyDescriptor {
  let made: { value: T } | null = null
  return { enumerable: true, get: () => (made ??= { value: compute() }).value }
}

/** A layer that could not read its input: the content as it is, and why. */
export function unreadable(value: JsonValue, label: string, errors: PayloadError[]): LayerResult {
  return { value, kind: 'data', summary: clip(`${label}: ${errors[0]?.message ?? 'unreadable'}`), errors }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The summary and kind shared by decoders of several packets in one message (MQTT, SignalR, batches). */
export function combine(parts: LayerResult[], label: string): Pick<LayerResult, 'kind' | 'summary' | 'correlation'> {
  if (parts.length === 1) return { kind: parts[0].kind, summary: parts[0].summary, correlation: parts[0].correlation ?? null }
  const kinds = new Set<PayloadKind>(parts.map((p) => p.kind))
  const ids = parts.map((p) => p.correlation).filter((c): c is string => typeof c === 'string')
  return {
    kind: kinds.size === 1 ? parts[0].kind : (parts.find((p) => p.kind !== 'heartbeat')?.kind ?? 'data'),
    summary: clip(`${parts.length} ${label}: ${parts.map((p) => p.summary).join('; ')}`),
    correlation: ids.length ? ids.join(',') : null,
  }
}
