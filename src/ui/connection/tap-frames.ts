/**
 * Frames on demand through the tap: the captures feed brings messages without their frames
 * (`frames: 'none'`), and the companion server keeps each capture's latest frames. This knows
 * which captured frames each log row was made of, and fetches them for the rows the user looks
 * at (the Frames tab), keeping the latest answers per connection within a bound.
 */
import { MAX_FRAMES_PER_REQUEST } from '../../shared/capture-api.ts'
import { ChunkedColumn } from '../store/chunked-column.ts'
import type { Sender } from '../store/message-store.ts'
import type { DecodedFrame, DecodedFrames } from './captures-protocol.ts'

export type FramesRequest = { sender: Sender; from: number; to: number } | { sender: Sender; offset: number }
export type FramesReply = { ok: true; answer: DecodedFrames } | { ok: false; error: string }
/** Asks the server for kept frames of one capture. */
export type FramesRequester = (request: FramesRequest) => Promise<FramesReply>

/** A row's frames as fetched: all of them (up to MAX_FRAMES_SHOWN), or why not. */
export type RowFrames =
  { status: 'frames'; frames: DecodedFrame[]; total: number } | { status: 'not-kept'; reason: string } | { status: 'failed'; reason: string }

/** Rows whose fetched frames are kept; the least recently shown go first. */
export const CACHED_ROWS = 256
/** Frames fetched for one message (a message of more shows its first ones). */
export const MAX_FRAMES_SHOWN = 256
/** Requests made for one message at most (control frames between fragments, answers cut at their byte bound). */
const MAX_REQUESTS = 8
const NONE = -1

export class TapFrames {
  private readonly requesters: FramesRequester[] = []
  private readonly first = new ChunkedColumn((n) => new Float64Array(n))
  private readonly count = new ChunkedColumn((n) => new Uint32Array(n))
  private readonly source = new ChunkedColumn((n) => new Uint32Array(n))
  private length = 0
  private readonly cache = new Map<number, Promise<RowFrames>>()

  /** A capture the rows may come from (each connection attempt has its own); returns its number for `link`. */
  addSource(request: FramesRequester): number {
    this.requesters.push(request)
    return this.requesters.length - 1
  }

  /** Row `row` is a captured message of `count` frames of its sender, the first at stream index `first`. */
  link(row: number, source: number, first: number, count: number): void {
    // Rows are linked in order; rows in between (the page's own, the tap's) have no frames.
    for (; this.length < row; this.length++) this.first.set(this.length, NONE)
    this.first.set(row, first)
    this.count.set(row, count)
    this.source.set(row, source)
    this.length = row + 1
  }

  /** Whether any row's frames can be asked for (the log has wire facts: Wire and Ratio columns). */
  get linked(): boolean {
    return this.length > 0
  }

  /** Whether the row's frames can be asked for. */
  has(row: number): boolean {
    return row < this.length && this.first.get(row) !== NONE
  }

  /** The row's frames, fetched once and kept while among the CACHED_ROWS latest shown; null for a row with none. */
  load(row: number, sender: Sender, control: boolean): Promise<RowFrames> | null {
    if (!this.has(row)) return null
    let pending = this.cache.get(row)
    if (pending) this.cache.delete(row)
    else
      pending = fetchFrames(this.requesters[this.source.get(row)]!, sender, this.first.get(row), this.count.get(row), control).then((result) => {
        // A failure is not kept: the next look asks again.
        if (result.status === 'failed') this.cache.delete(row)
        return result
      })
    this.cache.set(row, pending)
    if (this.cache.size > CACHED_ROWS) this.cache.delete(this.cache.keys().next().value!)
    return pending
  }

  /**
   * Every row's frames the server still keeps, all of them or none per row (to save the log as
   * a session). `describe` gives a row's sender and whether it is a control message.
   */
  async collect(describe: (row: number) => { sender: Sender; control: boolean }): Promise<Map<number, DecodedFrame[]>> {
    const groups = new Map<string, { source: number; sender: Sender; rows: number[] }>()
    for (let row = 0; row < this.length; row++) {
      if (!this.has(row)) continue
      const { sender } = describe(row)
      const key = `${this.source.get(row)} ${sender}`
      let group = groups.get(key)
      if (!group) groups.set(key, (group = { source: this.source.get(row), sender, rows: [] }))
      group.rows.push(row)
    }
    const out = new Map<number, DecodedFrame[]>()
    for (const { source, sender, rows } of groups.values()) {
      // Rows are in the order messages completed: a Ping between fragments comes before its message.
      let start = Infinity
      let end = 0
      for (const row of rows) {
        start = Math.min(start, this.first.get(row))
        end = Math.max(end, this.first.get(row) + this.count.get(row) + 64)
      }
      const kept = await collectRange(this.requesters[source]!, sender, start, end)
      for (const row of rows) {
        const frames = framesOf(kept, this.first.get(row), this.count.get(row), describe(row).control)
        if (frames) out.set(row, frames)
      }
    }
    return out
  }
}

/** The kept frames of a sender from `from` to `to`, by index, skipping what is no longer kept. */
async function collectRange(request: FramesRequester, sender: Sender, from: number, to: number): Promise<Map<number, DecodedFrame>> {
  const kept = new Map<number, DecodedFrame>()
  for (let n = 0; n < MAX_COLLECT_REQUESTS && from < to; n++) {
    const reply = await request({ sender, from, to: Math.min(to, from + MAX_FRAMES_PER_REQUEST) })
    if (!reply.ok) break
    const { answer } = reply
    if (answer.keptFrom > from) {
      from = answer.keptFrom
      continue
    }
    for (const f of answer.frames) kept.set(f.index!, f)
    if (answer.to <= from || !answer.frames.length) break
    from = answer.to
  }
  return kept
}

/** A message's frames among kept ones: all of them, or null. */
function framesOf(kept: Map<number, DecodedFrame>, first: number, count: number, control: boolean): DecodedFrame[] | null {
  const head = kept.get(first)
  if (!head) return null
  if (control) return [head]
  const frames = [head]
  for (let i = first + 1; frames.length < count; i++) {
    const f = kept.get(i)
    if (!f) return null
    if ((f.header[0]! & 0x08) === 0) frames.push(f)
  }
  return frames
}

/** Requests made per capture and sender when collecting every kept frame (the server keeps a few thousand). */
const MAX_COLLECT_REQUESTS = 64

/**
 * A message's frames: a control message is its one frame; a data message is its first frame
 * and the data frames after it (control frames may come between fragments).
 */
export async function fetchFrames(request: FramesRequester, sender: Sender, first: number, count: number, control: boolean): Promise<RowFrames> {
  const wanted = control ? 1 : Math.min(count, MAX_FRAMES_SHOWN)
  const frames: DecodedFrame[] = []
  let from = first
  for (let n = 0; n < MAX_REQUESTS && frames.length < wanted; n++) {
    // First exactly the message's frames, so a "not kept" answer names those; then room for control frames between fragments.
    const room = n === 0 ? 0 : 16
    const reply = await request({ sender, from, to: from + Math.min(MAX_FRAMES_PER_REQUEST, wanted - frames.length + room) })
    if (!reply.ok) return { status: 'failed', reason: reply.error }
    const { answer } = reply
    if (answer.keptFrom > first) return { status: 'not-kept', reason: answer.notKept ?? `the server no longer keeps frames before ${answer.keptFrom}` }
    for (const f of answer.frames) {
      if (frames.length === wanted) break
      const isControl = (f.header[0]! & 0x08) !== 0
      if (control ? f.index === first : !isControl) frames.push(f)
    }
    // Nothing more to ask for: the frames were not seen (yet).
    if (answer.to <= from || !answer.frames.length) break
    from = answer.to
  }
  if (!frames.length) return { status: 'not-kept', reason: 'the server has none of its frames' }
  return { status: 'frames', frames, total: control ? 1 : count }
}
