/**
 * Values for the most recent of a growing sequence of indexes (message i → its result), the
 * last `capacity` kept: a ring, so setting and getting cost the same at any size. (A Map used
 * as a queue, deleting its oldest key, costs V8 microseconds per call once thousands of
 * deleted entries sit at its start.)
 */
export class RecentByIndex<T> {
  /** Made on first use. */
  private indexes = new Float64Array(0)
  private values: (T | undefined)[] = []

  constructor(private readonly capacity: number) {}

  set(index: number, value: T): void {
    if (!this.indexes.length) {
      this.indexes = new Float64Array(this.capacity).fill(-1)
      this.values = new Array<T | undefined>(this.capacity)
    }
    const slot = index % this.capacity
    this.indexes[slot] = index
    this.values[slot] = value
  }

  /** The value set for `index`, unless a later index took its place. */
  get(index: number): T | undefined {
    const slot = index % this.capacity
    return this.indexes[slot] === index ? this.values[slot] : undefined
  }
}
