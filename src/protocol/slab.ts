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

  allocate(length: number): Uint8Array {
    if (length > SLAB_MAX_PIECE) return new Uint8Array(length)
    if (this.used + length > SLAB_SIZE) {
      this.slab = new Uint8Array(SLAB_SIZE)
      this.used = 0
    }
    const piece = byteView(this.slab, this.used, this.used + length)
    this.used += length
    return piece
  }
}
