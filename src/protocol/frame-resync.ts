import type { Sender } from './sender.ts'
import { checkFrameStart, checkPayloadLength, FRAGMENT_UNKNOWN } from './frame-checks.ts'
import { headerLengthFromSecondByte, minimalLengthBits, readUint32 } from './frame.ts'
import { isControlOpcode, Opcode } from './opcodes.ts'

/** Frames in a row that must parse cleanly from an offset for frames to be taken to start there. */
export const RESYNC_CHAIN = 3
/** Bytes a candidate's chain may span: bounds what is held while it is checked. */
export const RESYNC_LOOKAHEAD = 16 * 1024 * 1024

export type ResyncResult = { kind: 'pending' } | { kind: 'found'; offset: number } | { kind: 'none' }

export interface ResyncContext {
  sender: Sender
  /** permessage-deflate was negotiated, so RSV1 may be set on a message's first frame. */
  deflate: boolean
}

const ACCEPT = 0
const REJECT = 1
const WAIT = 2
type Verdict = typeof ACCEPT | typeof REJECT | typeof WAIT

/** Fragmentation states of a chain, as indexes into the clean-start tables. */
const BETWEEN_MESSAGES = 0
const IN_MESSAGE = 1
const UNKNOWN = 2
type FragmentState = typeof BETWEEN_MESSAGES | typeof IN_MESSAGE | typeof UNKNOWN
/** FrameContext.fragmentedOpcode for each state (a message's own type does not matter here). */
const FRAGMENTED_OPCODE = [0, Opcode.BINARY, FRAGMENT_UNKNOWN] as const

/**
 * Finds where frames start again after a gap (bytes lost from a capture): the earliest offset
 * from which RESYNC_CHAIN frames in a row parse cleanly (opcode, RSV bits the negotiated
 * extension allows, the sender's MASK bit, control frames final and short, minimal lengths,
 * fragments in order), or fewer when the data ends first, if at least one whole frame came
 * and what is left starts cleanly. A chain may open with continuation frames: the end of a
 * message that began before the gap.
 *
 * Feed it the bytes after the gap with `push` (views are held, not copied: the bytes must not
 * change) and ask with `scan`. Work is bounded whatever the bytes: each candidate offset costs
 * at most RESYNC_CHAIN header reads, once, plus one per push while it waits for bytes, and a
 * chain may span at most RESYNC_LOOKAHEAD bytes, so only that much is held.
 */
export class FrameResync {
  private readonly chunks: Uint8Array[] = []
  /** Stream offset of each held chunk's first byte. */
  private readonly starts: number[] = []
  /** Chunks before this index lie wholly before the candidate: no longer needed. */
  private first = 0
  /** Index of the chunk the last byte read came from (reads mostly move forward). */
  private cursor = 0
  /** Stream offset just past the bytes pushed so far. */
  private end: number
  private candidate: number
  /** The candidate's chain so far: whole frames, where the next one starts, the fragmentation state there. */
  private chainFrames = 0
  private chainEnd: number
  private fragment: FragmentState = UNKNOWN
  private readonly clean: Uint8Array
  private readonly header = new Uint8Array(14)
  /** Headers read so far (tests bound the work with it). */
  headerReads = 0
  /** Candidate offsets given up so far. */
  rejected = 0

  /** `start`: the stream offset of the first byte after the gap. */
  constructor(
    private readonly context: ResyncContext,
    readonly start: number,
  ) {
    this.end = this.candidate = this.chainEnd = start
    this.clean = cleanStartTable(context)
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.starts.push(this.end)
    this.end += chunk.length
  }

  /** Tries candidates over the bytes held; `final` when no more come (the input ends, or another gap). */
  scan(final: boolean): ResyncResult {
    while (this.candidate < this.end) {
      const verdict = this.extendChain(final)
      if (verdict === ACCEPT) return { kind: 'found', offset: this.candidate }
      if (verdict === WAIT) return { kind: 'pending' }
      this.rejected++
      this.candidate++
      this.chainFrames = 0
      this.chainEnd = this.candidate
      this.fragment = UNKNOWN
      this.dropBefore(this.candidate)
    }
    return final ? { kind: 'none' } : { kind: 'pending' }
  }

  /** Bytes scanned and found to hold no frame boundary, or skipped to reach the one found. */
  get skipped(): number {
    return this.candidate - this.start
  }

  /** The bytes held from `offset` on, as views, to replay into a parser. */
  heldFrom(offset: number): Uint8Array[] {
    const pieces: Uint8Array[] = []
    for (let i = this.first; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!
      const from = Math.max(0, offset - this.starts[i]!)
      if (from < chunk.length) pieces.push(from ? chunk.subarray(from) : chunk)
    }
    return pieces
  }

  private extendChain(final: boolean): Verdict {
    while (this.chainFrames < RESYNC_CHAIN) {
      const at = this.chainEnd
      const available = this.peek(at)
      const complete = available >= 2 && available >= headerLengthFromSecondByte(this.header[1]!)
      if (!complete) {
        if (!final) return WAIT
        // The data ends here: enough after a whole frame, if what is left starts cleanly.
        return this.chainFrames > 0 && (available < 2 || this.startsCleanly()) ? ACCEPT : REJECT
      }
      this.headerReads++
      if (!this.startsCleanly()) return REJECT
      const frameEnd = this.frameEnd(at)
      if (frameEnd < 0 || frameEnd - this.candidate > RESYNC_LOOKAHEAD) return REJECT
      if (frameEnd > this.end) return final ? (this.chainFrames > 0 ? ACCEPT : REJECT) : WAIT
      this.chainFrames++
      this.chainEnd = frameEnd
      const byte0 = this.header[0]!
      if (!isControlOpcode(byte0 & 0x0f)) this.fragment = byte0 & 0x80 ? BETWEEN_MESSAGES : IN_MESSAGE
    }
    return ACCEPT
  }

  /** Whether the peeked header's first two bytes pass checkFrameStart in the chain's fragmentation state. */
  private startsCleanly(): boolean {
    const byte0 = this.header[0]!
    const byte1 = this.header[1]!
    const i = (this.fragment << 16) | (byte0 << 8) | byte1
    if (this.clean[i] === 0) {
      const context = { ...this.context, fragmentedOpcode: FRAGMENTED_OPCODE[this.fragment] }
      this.clean[i] = checkFrameStart(byte0, byte1, context, 0) ? NOT_CLEAN : CLEAN
    }
    return this.clean[i] === CLEAN
  }

  /** Where the frame whose header was peeked at `at` ends, or -1 when its length is not clean. */
  private frameEnd(at: number): number {
    const h = this.header
    const len7 = h[1]! & 0x7f
    const headerLength = headerLengthFromSecondByte(h[1]!)
    let length = len7
    let highWord = 0
    if (len7 === 126) length = (h[2]! << 8) | h[3]!
    else if (len7 === 127) {
      highWord = readUint32(h, 2)
      length = highWord * 4294967296 + readUint32(h, 6)
    }
    const bits = len7 === 126 ? 16 : len7 === 127 ? 64 : 7
    if (checkPayloadLength(length, highWord, at, headerLength) || minimalLengthBits(length) !== bits) return -1
    return at + headerLength + length
  }

  /** Copies up to 14 bytes from stream offset `at` into `header`; returns how many there were. */
  private peek(at: number): number {
    let n = 0
    for (let i = this.chunkAt(at); i < this.chunks.length && n < 14; i++) {
      const chunk = this.chunks[i]!
      for (let p = at + n - this.starts[i]!; p < chunk.length && n < 14; p++) this.header[n++] = chunk[p]!
    }
    return n
  }

  /** Index of the held chunk with stream offset `at` (chunks.length when it is not held yet). */
  private chunkAt(at: number): number {
    const { chunks, starts } = this
    if (at >= this.end) return chunks.length
    const c = this.cursor
    if (c >= this.first && c < chunks.length && starts[c]! <= at) {
      if (at < starts[c]! + chunks[c]!.length) return c
      if (c + 1 < chunks.length && at < starts[c + 1]! + chunks[c + 1]!.length) return (this.cursor = c + 1)
    }
    // A jump (along a chain, or back to the next candidate): binary search.
    let lo = this.first
    let hi = chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    return (this.cursor = lo)
  }

  private dropBefore(offset: number): void {
    const { chunks, starts } = this
    while (this.first < chunks.length && starts[this.first]! + chunks[this.first]!.length <= offset) this.first++
    // Compact now and then, so dropping stays linear.
    if (this.first > 1024 && this.first * 2 > chunks.length) {
      chunks.splice(0, this.first)
      starts.splice(0, this.first)
      this.cursor = Math.max(0, this.cursor - this.first)
      this.first = 0
    }
  }
}

/**
 * Memo of checkFrameStart per sender and extension, indexed by fragmentation state and the
 * first two header bytes (0 until asked): after a few candidates, each costs a lookup.
 */
const tables = new Map<string, Uint8Array>()
const CLEAN = 1
const NOT_CLEAN = 2

function cleanStartTable(context: ResyncContext): Uint8Array {
  const key = `${context.sender} ${context.deflate}`
  let table = tables.get(key)
  if (!table) tables.set(key, (table = new Uint8Array(3 << 16)))
  return table
}
