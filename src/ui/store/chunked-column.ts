/**
 * A column of numbers that grows in fixed-size typed-array chunks. A million messages are a
 * few dozen chunks, not a million objects: appending never copies what is already stored
 * (unlike doubling one big array) and the garbage collector has almost nothing to trace.
 */
type NumberArray = Float64Array | Uint32Array | Uint16Array | Uint8Array

export const CHUNK_SHIFT = 16
export const CHUNK_SIZE = 1 << CHUNK_SHIFT
const CHUNK_MASK = CHUNK_SIZE - 1
const FIRST_CHUNK_SIZE = 1024

export class ChunkedColumn<A extends NumberArray = NumberArray> {
  private chunks: A[] = []
  /** Integer columns check that each value fits: a silent wrap (a 65,537th frame counted as 1) is a bug. */
  private readonly exact: boolean

  constructor(private readonly make: (length: number) => A) {
    this.exact = !(make(0) instanceof Float64Array)
  }

  get(index: number): number {
    return this.chunks[index >>> CHUNK_SHIFT][index & CHUNK_MASK]
  }

  /**
   * Sets entry `index`; entries are written in order, so this only ever adds the next chunk.
   * The first chunk starts small and doubles up to CHUNK_SIZE: a quiet tab costs kilobytes.
   */
  set(index: number, value: number): void {
    const chunk = index >>> CHUNK_SHIFT
    const offset = index & CHUNK_MASK
    if (chunk === this.chunks.length) this.chunks.push(this.make(chunk === 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE))
    else if (offset >= this.chunks[chunk].length) this.grow(chunk)
    const array = this.chunks[chunk]
    array[offset] = value
    if (this.exact && array[offset] !== value) throw new RangeError(`${value} does not fit in a ${array.constructor.name} column`)
  }

  private grow(chunk: number): void {
    const old = this.chunks[chunk]
    const grown = this.make(Math.min(CHUNK_SIZE, old.length * 2)) as A
    grown.set(old as never)
    this.chunks[chunk] = grown
  }
}

/** A growable list of indices (filter matches), doubling a single Uint32Array. */
export class IndexList {
  private items = new Uint32Array(1024)
  length = 0

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2)
      grown.set(this.items)
      this.items = grown
    }
    this.items[this.length++] = value
  }

  get(i: number): number {
    return this.items[i]
  }

  /** How many entries are below `value` (the list is ascending). */
  countBelow(value: number): number {
    let lo = 0
    let hi = this.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.items[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Position of `value` in the list, or -1. */
  indexOf(value: number): number {
    const i = this.countBelow(value)
    return i < this.length && this.items[i] === value ? i : -1
  }
}
