/**
 * Received messages packed for a trip between threads: the socket worker collects what
 * arrives during a few milliseconds into one batch of typed arrays (text already UTF-8),
 * transfers it without copying, and the main thread appends it to the log in one go.
 */
import { MAX_STORED_BYTES } from './message-store.ts'
import { encodeTextInto, roomFor } from './text-bytes.ts'

export interface MessageBatch {
  count: number
  /** ms since the epoch. */
  times: Float64Array
  /** Bit 0: binary (else text); bit 1: text with multi-byte characters. */
  kinds: Uint8Array
  /** Full payload sizes, and how many bytes of each are in `bytes` (consecutively). */
  sizes: Uint32Array
  stored: Uint32Array
  bytes: Uint8Array
}

export const BINARY = 1
export const NON_ASCII = 2

export class BatchBuilder {
  private times: number[] = []
  private kinds: number[] = []
  private sizes: number[] = []
  private stored: number[] = []
  private bytes = new Uint8Array(64 * 1024)
  private used = 0

  get count(): number {
    return this.times.length
  }

  get byteLength(): number {
    return this.used
  }

  add(t: number, data: string | ArrayBuffer): void {
    if (typeof data === 'string') {
      this.reserve(roomFor(data, MAX_STORED_BYTES))
      const encoded = encodeTextInto(data, this.bytes, this.used, MAX_STORED_BYTES)
      this.push(t, encoded.nonAscii ? NON_ASCII : 0, encoded.size, encoded.written)
    } else {
      const keep = Math.min(data.byteLength, MAX_STORED_BYTES)
      this.reserve(keep)
      this.bytes.set(new Uint8Array(data, 0, keep), this.used)
      this.push(t, BINARY, data.byteLength, keep)
    }
  }

  /** The batch so far (its buffers can be transferred); the builder starts a new one. */
  take(): MessageBatch {
    const batch: MessageBatch = {
      count: this.times.length,
      times: Float64Array.from(this.times),
      kinds: Uint8Array.from(this.kinds),
      sizes: Uint32Array.from(this.sizes),
      stored: Uint32Array.from(this.stored),
      bytes: this.bytes.slice(0, this.used),
    }
    this.times = []
    this.kinds = []
    this.sizes = []
    this.stored = []
    this.used = 0
    return batch
  }

  private push(t: number, kind: number, size: number, stored: number): void {
    this.times.push(t)
    this.kinds.push(kind)
    this.sizes.push(size)
    this.stored.push(stored)
    this.used += stored
  }

  private reserve(length: number): void {
    if (this.used + length <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length))
    grown.set(this.bytes.subarray(0, this.used))
    this.bytes = grown
  }
}

/** The buffers of a batch, for postMessage's transfer list. */
export function batchTransfer(batch: MessageBatch): ArrayBuffer[] {
  return [batch.times.buffer, batch.kinds.buffer, batch.sizes.buffer, batch.stored.buffer, batch.bytes.buffer] as ArrayBuffer[]
}
