/**
 * The log filter: direction, message types and a text or regular-expression match on the
 * payload, compiled once into a matcher over a range of a MessageStore. Text is searched in
 * the stored bytes, a slab's run of consecutive messages at a time (byte-search.ts); a regex
 * needs text, decoded a slab range at a time, and runs in a worker (regex-scan.ts).
 */
import { err, ok, type MessageType, type Result } from '../../protocol/index.ts'
import { compileNeedle, matchesAt, searchFolded, type Needle } from './byte-search.ts'
import type { IndexList } from './chunked-column.ts'
import { Flag, MESSAGE_TYPES, type MessageStore } from './message-store.ts'

export type FilterDirection = 'all' | 'sent' | 'received'

export interface FilterSpec {
  text: string
  regex: boolean
  direction: FilterDirection
  /** The types shown; all of MESSAGE_TYPES when nothing is filtered out. */
  types: readonly MessageType[]
  /** Payload decoding (src/payload): one decoder's messages ('' any, 'none' undecoded), one kind ('' any). */
  decoder: string
  kind: string
  hideHeartbeats: boolean
}

export const NO_FILTER: FilterSpec = { text: '', regex: false, direction: 'all', types: MESSAGE_TYPES, decoder: '', kind: '', hideHeartbeats: false }

export function isFilterActive(spec: FilterSpec): boolean {
  return spec.text !== '' || spec.direction !== 'all' || spec.types.length !== MESSAGE_TYPES.length || hasPayloadFilter(spec)
}

export function hasPayloadFilter(spec: FilterSpec): boolean {
  return spec.decoder !== '' || spec.kind !== '' || spec.hideHeartbeats
}

/** What payload decoding says about message i, for the payload part of a filter. */
export interface PayloadFacts {
  decoder(i: number): string | null
  kind(i: number): string
}

/** Appends to `out` the indices in [from, to) that match, in order. */
export type RangeMatcher = (store: MessageStore, from: number, to: number, out: IndexList) => void

type Predicate = (store: MessageStore, i: number) => boolean

/**
 * A regex filter's matcher picks the candidates (direction, types); the regular expression
 * itself runs in a worker that can be stopped (regex-scan.ts): one pathological pattern on
 * a long payload must never freeze the page.
 */
export interface CompiledFilter {
  matcher: RangeMatcher | null
  /** A regular expression runs in a worker (regex-scan.ts), not in `matcher`. */
  regex?: RegExp
}

/**
 * A matcher for the spec, null when it lets everything through, or why the regex is invalid.
 * `sample`: some stored bytes, to pick the rarest byte of a search text to look for first.
 */
export function compileFilter(spec: FilterSpec, sample?: Uint8Array, payloads?: PayloadFacts): Result<CompiledFilter> {
  if (!isFilterActive(spec)) return ok({ matcher: null })
  let typeMask = 0
  for (const t of spec.types) typeMask |= 1 << MESSAGE_TYPES.indexOf(t)
  const wantServer = spec.direction === 'received'
  const anyDirection = spec.direction === 'all'
  const payloadMatch = payloads && hasPayloadFilter(spec) ? payloadPredicate(spec, payloads) : null
  const allColumns = anyDirection && spec.types.length === MESSAGE_TYPES.length && payloadMatch === null
  const storeMatch: Predicate = (store, i) =>
    ((typeMask >>> store.typeCode(i)) & 1) === 1 && (anyDirection || ((store.flagsOf(i) & Flag.SERVER) !== 0) === wantServer)
  // Decoding costs more than the stored columns: only messages they let through are decoded.
  const columnsMatch: Predicate = payloadMatch ? (store, i) => storeMatch(store, i) && payloadMatch(store, i) : storeMatch
  if (!spec.text) return ok({ matcher: each(columnsMatch) })
  if (spec.regex) {
    let re: RegExp
    try {
      re = new RegExp(spec.text, 'i')
    } catch (e) {
      return err((e as Error).message)
    }
    return ok({ matcher: each(columnsMatch), regex: re })
  }
  const needle = compileNeedle(spec.text, sample)
  return ok({
    matcher: needle.nonAscii ? each(nonAsciiText(needle, spec.text.toLowerCase(), columnsMatch)) : searchRuns(needle, allColumns ? null : columnsMatch),
  })
}

function payloadPredicate(spec: FilterSpec, payloads: PayloadFacts): Predicate {
  const decoder = spec.decoder === 'none' ? null : spec.decoder
  return (_store, i) => {
    const kind = payloads.kind(i)
    if (spec.hideHeartbeats && kind === 'heartbeat') return false
    if (spec.kind && kind !== spec.kind) return false
    return spec.decoder === '' || payloads.decoder(i) === decoder
  }
}

/** A matcher testing one message at a time. */
function each(predicate: Predicate): RangeMatcher {
  return (store, from, to, out) => {
    for (let i = from; i < to; i++) if (predicate(store, i)) out.push(i)
  }
}

/**
 * Searches runs of messages that sit back to back in one slab as one stretch of bytes; a
 * hit counts for the message it starts in when it also ends there. After a hit, the next
 * messages are first tried at the same place: messages of one stream often share a layout
 * (the same JSON keys in the same order), so most of them match without a search.
 */
function searchRuns(needle: Needle, columnsMatch: Predicate | null): RangeMatcher {
  const length = needle.bytes.length
  return (store, from, to, out) => {
    for (let i = from; i < to;) {
      const slabIndex = store.slabOf(i)
      let j = i + 1
      while (j < to && store.slabOf(j) === slabIndex) j++
      const slab = store.slabs.slabs[slabIndex]
      // In a run each message starts where the one before ends: `o` walks the offsets.
      let m = i
      let o = store.offsetOf(i)
      const runEnd = store.offsetOf(j - 1) + store.storedOf(j - 1)
      searchFolded(slab, o, runEnd, needle, (start) => {
        let e = o + store.storedOf(m)
        while (e <= start) {
          m++
          o = e
          e = o + store.storedOf(m)
        }
        if (start + length > e) return start + 1
        const at = start - o
        for (;;) {
          if (columnsMatch === null || columnsMatch(store, m)) out.push(m)
          m++
          o = e
          if (m >= j) return runEnd
          e = o + store.storedOf(m)
          if (o + at + length > e || !matchesAt(slab, o + at, needle)) return o
        }
      })
      i = j
    }
  }
}

/** Letters beyond ASCII need real case folding: only text with such bytes can contain them. */
function nonAsciiText(needle: Needle, lower: string, columnsMatch: Predicate): Predicate {
  const decoder = new TextDecoder()
  return (store, i) => {
    if (!columnsMatch(store, i)) return false
    const bytes = store.payload(i)
    if (store.type(i) === 'text') return store.has(i, Flag.NON_ASCII) && decoder.decode(bytes).toLowerCase().includes(lower)
    let found = false
    searchFolded(bytes, 0, bytes.length, needle, () => {
      found = true
      return bytes.length
    })
    return found
  }
}

/**
 * Message texts for regex matching. ASCII and binary payloads are read one byte per
 * character from a decoded range of their slab (one native decode per ~1 MiB instead of one
 * per message); text with multi-byte characters is decoded as UTF-8 on its own.
 */
export class RangeText {
  private static readonly RANGE = 1 << 20
  private readonly latin1 = new TextDecoder('latin1')
  private readonly utf8 = new TextDecoder()
  private slab = -1
  private start = 0
  private end = 0
  private text = ''

  of(store: MessageStore, i: number): string {
    const slabIndex = store.slabOf(i)
    const offset = store.offsetOf(i)
    const length = store.storedOf(i)
    const slab = store.slabs.slabs[slabIndex]
    if (store.typeCode(i) === 0 && store.has(i, Flag.NON_ASCII)) return this.utf8.decode(slab.subarray(offset, offset + length))
    if (slabIndex !== this.slab || offset < this.start || offset + length > this.end) {
      this.slab = slabIndex
      this.start = offset
      // Never past what is written: the slab being filled gets more messages later.
      const written = slabIndex === store.slabs.slabIndex ? store.slabs.cursor : slab.length
      this.end = Math.min(written, offset + Math.max(length, RangeText.RANGE))
      this.text = this.latin1.decode(slab.subarray(this.start, this.end))
    }
    return this.text.substring(offset - this.start, offset - this.start + length)
  }
}
