/**
 * Real wire frames seen through the tap, stored like messages (columns and byte slabs): each
 * frame's header and payload bytes exactly as on the wire, still masked and compressed, kept
 * side by side so one view of the slab is the frame `annotateFrame` reads. Frames of one
 * message need not be adjacent (control frames and the other peer's frames interleave), so
 * each frame links to the next frame of its message.
 */
import { headerLengthFromSecondByte } from '../../protocol/index.ts'
import { ByteSlabs } from './byte-slabs.ts'
import { ChunkedColumn } from './chunked-column.ts'
import { MAX_STORED_BYTES, UNKNOWN, type Sender } from './message-store.ts'

export const FrameFlag = {
  SERVER: 1,
  INJECTED: 2,
  /** Swallowed by the tap (auto-pong off): the other peer never got it. */
  DROPPED: 4,
  /**
   * In a message's chain, but its source did not name the message (a capture links only the
   * frame that completes a message): kept so a loaded session converts back exactly.
   */
  UNLINKED: 8,
} as const

export interface FrameInput {
  t: number
  sender: Sender
  /** The header bytes as on the wire (2 to 14). */
  header: Uint8Array
  /** The payload as on the wire, possibly only its first bytes. */
  payload: Uint8Array
  /** Where the frame starts in its sender's byte stream. */
  offset: number
  action: 'relayed' | 'injected' | 'dropped'
  unlinked?: boolean
}

export class FrameStore {
  length = 0
  private readonly c = {
    time: new ChunkedColumn((n) => new Float64Array(n)),
    flags: new ChunkedColumn((n) => new Uint8Array(n)),
    streamOffset: new ChunkedColumn((n) => new Float64Array(n)),
    slab: new ChunkedColumn((n) => new Uint16Array(n)),
    offset: new ChunkedColumn((n) => new Uint32Array(n)),
    stored: new ChunkedColumn((n) => new Uint32Array(n)),
    next: new ChunkedColumn((n) => new Uint32Array(n)),
  }
  private readonly slabs = new ByteSlabs()

  append(f: FrameInput): number {
    const i = this.length
    const c = this.c
    const keep = Math.min(f.payload.length, MAX_STORED_BYTES)
    const length = f.header.length + keep
    this.slabs.ensure(length)
    const at = this.slabs.cursor
    this.slabs.current.set(f.header, at)
    this.slabs.current.set(f.payload.subarray(0, keep), at + f.header.length)
    c.slab.set(i, this.slabs.slabIndex)
    c.offset.set(i, at)
    c.stored.set(i, length)
    this.slabs.commit(length)
    c.time.set(i, f.t)
    c.flags.set(
      i,
      (f.sender === 'server' ? FrameFlag.SERVER : 0) |
        (f.action === 'injected' ? FrameFlag.INJECTED : 0) |
        (f.action === 'dropped' ? FrameFlag.DROPPED : 0) |
        (f.unlinked ? FrameFlag.UNLINKED : 0),
    )
    c.streamOffset.set(i, f.offset)
    c.next.set(i, UNKNOWN)
    this.length = i + 1
    return i
  }

  /** Chains frame `next` after frame `i` in the same message. */
  link(i: number, next: number): void {
    this.c.next.set(i, next)
  }

  /** The frame's bytes as on the wire: header, then the (stored part of the) payload. */
  bytes(i: number): Uint8Array {
    return this.slabs.bytes(this.c.slab.get(i), this.c.offset.get(i), this.c.stored.get(i))
  }

  time(i: number): number {
    return this.c.time.get(i)
  }

  sender(i: number): Sender {
    return this.c.flags.get(i) & FrameFlag.SERVER ? 'server' : 'client'
  }

  has(i: number, flag: number): boolean {
    return (this.c.flags.get(i) & flag) !== 0
  }

  streamOffset(i: number): number {
    return this.c.streamOffset.get(i)
  }

  /** Whether the frame is a control frame (opcode 8–15). */
  isControl(i: number): boolean {
    return (this.bytes(i)[0] & 0x08) !== 0
  }

  /** The length of the frame's header (2 to 14 bytes). */
  headerLength(i: number): number {
    return headerLengthFromSecondByte(this.bytes(i)[1])
  }

  /** The frames of a message, from its first frame along the links. */
  chain(first: number, count: number): number[] {
    const out: number[] = []
    for (let i = first; i !== UNKNOWN && out.length < count; i = this.c.next.get(i)) out.push(i)
    return out
  }
}
