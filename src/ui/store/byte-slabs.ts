/**
 * Payload bytes of many messages packed into a few large ArrayBuffers ("slabs") that are
 * addressed by (slab, offset, length) columns. Slabs start small and double up to
 * MAX_SLAB_SIZE, so a quiet connection costs kilobytes and a busy one a handful of buffers.
 * Writers fill the current slab in place (TextEncoder.encodeInto writes straight into it).
 */
export const MAX_SLAB_SIZE = 16 * 1024 * 1024
const FIRST_SLAB_SIZE = 256 * 1024

export class ByteSlabs {
  readonly slabs: Uint8Array[] = []
  private used = 0

  /** The slab being filled and where the next bytes go. */
  get current(): Uint8Array {
    return this.slabs[this.slabs.length - 1]
  }

  get slabIndex(): number {
    return this.slabs.length - 1
  }

  get cursor(): number {
    return this.used
  }

  /** Guarantees `length` (≤ MAX_SLAB_SIZE) free bytes at `cursor` in `current`. */
  ensure(length: number): void {
    if (length > MAX_SLAB_SIZE) throw new RangeError(`${length} bytes do not fit in a slab`)
    const slab = this.slabs[this.slabs.length - 1]
    if (slab && this.used + length <= slab.length) return
    const previous = slab?.length ?? FIRST_SLAB_SIZE / 2
    let size = Math.min(MAX_SLAB_SIZE, previous * 2)
    while (size < length) size *= 2
    this.slabs.push(new Uint8Array(size))
    this.used = 0
  }

  /** Marks `length` bytes at `cursor` as written. */
  commit(length: number): void {
    this.used += length
  }

  bytes(slab: number, offset: number, length: number): Uint8Array {
    return this.slabs[slab].subarray(offset, offset + length)
  }
}
