/**
 * The log filter: direction, message types and a text or regular-expression match on the
 * payload, compiled once into a predicate over a MessageStore's columns. Text search runs on
 * the stored bytes (byte-search.ts); a regex needs text, decoded a slab range at a time.
 */
import type { MessageType } from '../../protocol/index.ts'
import { compileNeedle, containsFolded, type Needle } from './byte-search.ts'
import { Flag, MESSAGE_TYPES, type MessageStore } from './message-store.ts'

export type Direction = 'all' | 'sent' | 'received'

export interface FilterSpec {
  text: string
  regex: boolean
  direction: Direction
  /** The types shown; all of MESSAGE_TYPES when nothing is filtered out. */
  types: readonly MessageType[]
}

export const NO_FILTER: FilterSpec = { text: '', regex: false, direction: 'all', types: MESSAGE_TYPES }

export function isFilterActive(spec: FilterSpec): boolean {
  return spec.text !== '' || spec.direction !== 'all' || spec.types.length !== MESSAGE_TYPES.length
}

export type Predicate = (store: MessageStore, i: number) => boolean

export type CompiledFilter = { ok: true; predicate: Predicate | null } | { ok: false; error: string }

/** A predicate for the spec, null when it lets everything through, or why the regex is invalid. */
export function compileFilter(spec: FilterSpec): CompiledFilter {
  if (!isFilterActive(spec)) return { ok: true, predicate: null }
  let typeMask = 0
  for (const t of spec.types) typeMask |= 1 << MESSAGE_TYPES.indexOf(t)
  const wantServer = spec.direction === 'received'
  const anyDirection = spec.direction === 'all'
  let match: Predicate | null = null
  if (spec.text && spec.regex) {
    let re: RegExp
    try {
      re = new RegExp(spec.text, 'i')
    } catch (e) {
      return { ok: false, error: (e as Error).message }
    }
    const texts = new RangeText()
    match = (store, i) => re.test(texts.of(store, i))
  } else if (spec.text) {
    match = textMatcher(compileNeedle(spec.text), spec.text.toLowerCase())
  }
  return {
    ok: true,
    predicate: (store, i) =>
      ((typeMask >>> store.typeCode(i)) & 1) === 1 &&
      (anyDirection || ((store.flagsOf(i) & Flag.SERVER) !== 0) === wantServer) &&
      (match === null || match(store, i)),
  }
}

function textMatcher(needle: Needle, lower: string): Predicate {
  const decoder = new TextDecoder()
  return (store, i) => {
    const slab = store.slabs.slabs[store.slabOf(i)]
    const start = store.offsetOf(i)
    const end = start + store.storedOf(i)
    if (!needle.nonAscii) return containsFolded(slab, start, end, needle)
    // Letters beyond ASCII need real case folding: only text with such bytes can match them.
    if (store.typeCode(i) === 0) return store.has(i, Flag.NON_ASCII) && decoder.decode(slab.subarray(start, end)).toLowerCase().includes(lower)
    return containsFolded(slab, start, end, needle)
  }
}

/**
 * Message texts for regex matching. ASCII and binary payloads are read one byte per
 * character from a decoded range of their slab (one native decode per ~1 MiB instead of one
 * per message); text with multi-byte characters is decoded as UTF-8 on its own.
 */
class RangeText {
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
