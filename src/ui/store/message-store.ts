/**
 * The message log of one connection, built for a million messages: one typed-array column per
 * field (ChunkedColumn) and payload bytes in shared slabs (ByteSlabs), never an object per
 * message. Payloads are stored up to MAX_STORED_BYTES each (the rest is counted, flagged
 * truncated and dropped). Readers get numbers and byte views; text is decoded on demand.
 */
import { headerLengthFor, minimalLengthBits, type MessageGapEffect, type MessageType } from '../../protocol/index.ts'
import { ByteSlabs } from './byte-slabs.ts'
import { ChunkedColumn } from './chunked-column.ts'
import { encodeTextInto, roomFor } from './text-bytes.ts'

export type Sender = 'client' | 'server'

export const MAX_STORED_BYTES = 1024 * 1024
/** Marks an unknown wire size or frame link in the Uint32 columns. */
export const UNKNOWN = 0xffffffff

export const MESSAGE_TYPES: readonly MessageType[] = ['text', 'binary', 'ping', 'pong', 'close']
const TYPE_CODE: Record<MessageType, number> = { text: 0, binary: 1, ping: 2, pong: 3, close: 4 }

/** Bits of the flags column. */
export const Flag = {
  /** Sent by the server (received by us); clear for client messages (sent by us). */
  SERVER: 1,
  /** Only the first MAX_STORED_BYTES were kept. */
  TRUNCATED: 2,
  /** A text message with bytes ≥ 0x80: matching it as text needs UTF-8 decoding. */
  NON_ASCII: 4,
  COMPRESSED: 8,
  /** Not on the wire: reported by the browser (e.g. close 1006 when no Close frame came). */
  LOCAL: 16,
  /** Written by the tap itself (injected), not by either endpoint. */
  INJECTED: 32,
  /** From a capture: bytes missing from it cut the message (the data is what came before). */
  GAP_CUT: 64,
  /** From a capture: compressed against a window a gap lost, so kept as its compressed bytes. */
  NOT_INFLATED: 128,
} as const

const GAP_FLAG: Record<MessageGapEffect, number> = { cut: Flag.GAP_CUT, 'not-inflated': Flag.NOT_INFLATED }

export interface MessageInput {
  /** ms since the epoch, fractional. */
  t: number
  sender: Sender
  type: MessageType
  /** Text is stored as its UTF-8 bytes. */
  data: string | Uint8Array
  /** The full length when `data` holds only the first bytes (tap payload limits). */
  size?: number
  /** For text given as bytes: whether any is ≥ 0x80, when the producer already knows. */
  nonAscii?: boolean
  /**
   * The message on the wire: measured (payload bytes over all frames, after compression, and
   * their header bytes), 'one-frame' (known to be one uncompressed frame, so both follow from
   * the size), or null when nobody can know.
   */
  wire?: { payload: number; headers: number } | 'one-frame' | null
  compressed?: boolean
  closeCode?: number | null
  local?: boolean
  /** How a gap in a capture spoiled the message. */
  gap?: MessageGapEffect
  injected?: boolean
  /** Frames of this message in the connection's FrameStore (tap): the first, and how many. */
  firstFrame?: number
  frameCount?: number
}

export class MessageStore {
  length = 0
  /** One column per field; entry i of every column describes message i. */
  private readonly c = {
    time: new ChunkedColumn((n) => new Float64Array(n)),
    flags: new ChunkedColumn((n) => new Uint16Array(n)),
    type: new ChunkedColumn((n) => new Uint8Array(n)),
    size: new ChunkedColumn((n) => new Uint32Array(n)),
    wirePayload: new ChunkedColumn((n) => new Uint32Array(n)),
    headerBytes: new ChunkedColumn((n) => new Uint32Array(n)),
    slab: new ChunkedColumn((n) => new Uint16Array(n)),
    offset: new ChunkedColumn((n) => new Uint32Array(n)),
    stored: new ChunkedColumn((n) => new Uint32Array(n)),
    closeCode: new ChunkedColumn((n) => new Uint16Array(n)),
    firstFrame: new ChunkedColumn((n) => new Uint32Array(n)),
    frameCount: new ChunkedColumn((n) => new Uint32Array(n)),
    version: new ChunkedColumn((n) => new Uint16Array(n)),
  }
  readonly slabs = new ByteSlabs()

  append(m: MessageInput): number {
    const i = this.length
    let flags =
      (m.sender === 'server' ? Flag.SERVER : 0) |
      (m.compressed ? Flag.COMPRESSED : 0) |
      (m.local ? Flag.LOCAL : 0) |
      (m.injected ? Flag.INJECTED : 0) |
      (m.gap ? GAP_FLAG[m.gap] : 0)
    let size: number
    const slabs = this.slabs
    if (typeof m.data === 'string') {
      // Encoded straight into the slab, with room for the worst case (3 bytes per UTF-16 unit).
      slabs.ensure(roomFor(m.data, MAX_STORED_BYTES))
      const at = slabs.cursor
      const encoded = encodeTextInto(m.data, slabs.current, at, MAX_STORED_BYTES)
      this.locate(i, at, encoded.written)
      if (encoded.nonAscii) flags |= Flag.NON_ASCII
      size = encoded.size
    } else {
      const keep = Math.min(MAX_STORED_BYTES, m.data.length)
      slabs.ensure(keep)
      const at = slabs.cursor
      slabs.current.set(m.data.subarray(0, keep), at)
      this.locate(i, at, keep)
      size = m.size ?? m.data.length
      if (m.type === 'text' && (m.nonAscii ?? !isAscii(m.data, keep))) flags |= Flag.NON_ASCII
    }
    const c = this.c
    if (size > c.stored.get(i)) flags |= Flag.TRUNCATED
    c.time.set(i, m.t)
    c.flags.set(i, flags)
    c.type.set(i, TYPE_CODE[m.type])
    c.size.set(i, size)
    const { wire } = m
    if (wire === 'one-frame') {
      c.wirePayload.set(i, size)
      c.headerBytes.set(i, headerLengthFor(minimalLengthBits(size), m.sender === 'client'))
    } else {
      c.wirePayload.set(i, wire ? wire.payload : UNKNOWN)
      c.headerBytes.set(i, wire ? wire.headers : 0)
    }
    c.closeCode.set(i, m.closeCode ?? 0)
    c.firstFrame.set(i, m.firstFrame ?? UNKNOWN)
    c.frameCount.set(i, m.frameCount ?? 0)
    c.version.set(i, 0)
    this.length = i + 1
    return i
  }

  private locate(i: number, at: number, length: number): void {
    this.c.slab.set(i, this.slabs.slabIndex)
    this.c.offset.set(i, at)
    this.c.stored.set(i, length)
    this.slabs.commit(length)
  }

  time(i: number): number {
    return this.c.time.get(i)
  }

  flagsOf(i: number): number {
    return this.c.flags.get(i)
  }

  has(i: number, flag: number): boolean {
    return (this.c.flags.get(i) & flag) !== 0
  }

  /** How a gap in a capture spoiled message i, if it did. */
  gap(i: number): MessageGapEffect | undefined {
    const flags = this.c.flags.get(i)
    return flags & Flag.GAP_CUT ? 'cut' : flags & Flag.NOT_INFLATED ? 'not-inflated' : undefined
  }

  sender(i: number): Sender {
    return this.c.flags.get(i) & Flag.SERVER ? 'server' : 'client'
  }

  typeCode(i: number): number {
    return this.c.type.get(i)
  }

  type(i: number): MessageType {
    return MESSAGE_TYPES[this.c.type.get(i)]
  }

  /** The payload's full length (after decompression). */
  size(i: number): number {
    return this.c.size.get(i)
  }

  /** Payload bytes on the wire (after compression), or null when unknown. */
  wirePayload(i: number): number | null {
    const w = this.c.wirePayload.get(i)
    return w === UNKNOWN ? null : w
  }

  /** The message's bytes on the wire, frame headers included, or null when unknown. */
  wireSize(i: number): number | null {
    const w = this.c.wirePayload.get(i)
    return w === UNKNOWN ? null : w + this.c.headerBytes.get(i)
  }

  closeCode(i: number): number | null {
    return this.c.closeCode.get(i) || null
  }

  /** How many frames the message took, when known (0 in the column: unknown). */
  frameCount(i: number): number | null {
    return this.c.frameCount.get(i) || null
  }

  frames(i: number): { first: number; count: number } | null {
    const first = this.c.firstFrame.get(i)
    return first === UNKNOWN ? null : { first, count: this.c.frameCount.get(i) }
  }

  /**
   * Bumped whenever something a log row shows about message i changes after it was stored (its
   * decoding arrives, its correlation partner, a rule's mark, a violation): a row drawn with the
   * same index, store and version shows the same. It wraps at 2^16: a row could only be stale
   * after exactly 65,536 changes to one message between two renders of it, which nothing makes.
   */
  version(i: number): number {
    return this.c.version.get(i)
  }

  touch(i: number): void {
    this.c.version.set(i, (this.c.version.get(i) + 1) & 0xffff)
  }

  /** The stored payload bytes (a view into a slab: copy before keeping it). */
  payload(i: number): Uint8Array {
    return this.slabs.bytes(this.c.slab.get(i), this.c.offset.get(i), this.c.stored.get(i))
  }

  /** Where the stored payload sits, for scans that read slabs directly. */
  slabOf(i: number): number {
    return this.c.slab.get(i)
  }

  offsetOf(i: number): number {
    return this.c.offset.get(i)
  }

  storedOf(i: number): number {
    return this.c.stored.get(i)
  }
}

function isAscii(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] >= 0x80) return false
  return true
}
