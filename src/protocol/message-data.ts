/**
 * A data message's application data while it is assembled. Most messages arrive as one piece,
 * kept as is (no copy). Further pieces are kept as a list, but small ones (a message sent as
 * many tiny fragments) are copied together into shared blocks first, so what is held grows
 * with the bytes of the message, never with the number of its fragments.
 */
import { concatBytes } from './bytes.ts'

/** Past the first few pieces, those shorter than this are copied into a block rather than listed. */
const SMALL_PIECE = 1024
const FEW_PIECES = 16
const BLOCK_SIZE = 16 * 1024
const EMPTY = new Uint8Array(0)

export class MessageData {
  /** Bytes so far. */
  length = 0
  private first: Uint8Array | null = null
  private pieces: Uint8Array[] | null = null
  private block: Uint8Array | null = null
  private blockUsed = 0

  append(data: Uint8Array): void {
    this.length += data.length
    if (this.first === null) {
      this.first = data
      return
    }
    const pieces = (this.pieces ??= [this.first])
    if (data.length >= SMALL_PIECE || (this.block === null && pieces.length < FEW_PIECES)) {
      this.flushBlock()
      pieces.push(data)
      return
    }
    let from = 0
    while (from < data.length) {
      if (this.block === null) {
        this.block = new Uint8Array(BLOCK_SIZE)
        this.blockUsed = 0
      }
      const n = Math.min(data.length - from, this.block.length - this.blockUsed)
      this.block.set(n === data.length ? data : data.subarray(from, from + n), this.blockUsed)
      this.blockUsed += n
      from += n
      if (this.blockUsed === this.block.length) this.flushBlock()
    }
  }

  /** The data as one array; the builder is empty afterwards. */
  take(): Uint8Array {
    this.flushBlock()
    const data = this.pieces ? concatBytes(this.pieces, this.length) : (this.first ?? EMPTY)
    this.clear()
    return data
  }

  clear(): void {
    this.length = 0
    this.first = null
    this.pieces = null
    // The block stays for the next message: take() copied out what was used of it, and an
    // abandoned message's pieces are dropped with it.
    this.blockUsed = 0
  }

  /** How many arrays are held (for tests of what a message of many fragments costs). */
  get heldArrays(): number {
    return (this.pieces?.length ?? (this.first ? 1 : 0)) + (this.block ? 1 : 0)
  }

  private flushBlock(): void {
    if (this.block === null || this.blockUsed === 0) return
    this.pieces!.push(this.block.subarray(0, this.blockUsed))
    // The rest of the block takes the next small pieces, unless too little is left to matter.
    this.block = this.block.length - this.blockUsed < SMALL_PIECE ? null : this.block.subarray(this.blockUsed)
    this.blockUsed = 0
  }
}
