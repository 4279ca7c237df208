/**
 * Unmasked payloads of small frames are carved out of shared slabs, as Node pools small
 * Buffers: one allocation per 64 KiB instead of one per frame. A piece is therefore a view
 * that may share its ArrayBuffer with other pieces.
 */
import { byteView } from './bytes.ts'

const SLAB_SIZE = 64 * 1024
const SLAB_MAX_PIECE = 4 * 1024

export class Slab {
  private slab = new Uint8Array(SLAB_SIZE)
  private used = 0

  /** The array the last `reserve` made room in. */
  reserved: Uint8Array = this.slab

  allocate(length: number): Uint8Array {
    if (length > SLAB_MAX_PIECE) return new Uint8Array(length)
    const at = this.reserve(length)
    return byteView(this.reserved, at, at + length)
  }

  /** Room for `length` bytes without a view made for them: `reserved[at, at + length)`, `at` returned. */
  reserve(length: number): number {
    if (length > SLAB_MAX_PIECE) {
      this.reserved = new Uint8Array(length)
      return 0
    }
    if (this.used + length > SLAB_SIZE) {
      this.slab = new Uint8Array(SLAB_SIZE)
      this.used = 0
    }
    this.reserved = this.slab
    this.used += length
    return this.used - length
  }
}
