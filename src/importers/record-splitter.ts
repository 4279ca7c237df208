import type { CaptureReader, ErrorSink } from './captured-packet.ts'
import { formatCount, type ImportError } from './import-result.ts'

/**
 * How a length-prefixed record format tells the length of a record: pcap's 16-byte packet
 * record header, pcapng's block header. The format may keep state (byte order, the file
 * header first), which is why this is an object, not two constants.
 */
export interface RecordFormat {
  /** Bytes at the start of a record that `recordLength` needs. */
  headerLength(): number
  /** The record's total length from its header, or an error for a length that cannot be right. */
  recordLength(bytes: Uint8Array, start: number, offset: number): number | ImportError
  /** What a record is called in messages ("packet record", "pcapng block"). */
  describe(): string
}

/** A record far larger than any packet means a corrupt length: refuse it instead of waiting for it. */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024

/**
 * Cuts a file pushed in chunks of any size into whole records. A record inside a chunk is
 * handed on in place; only a record split across chunks is copied into a buffer of its own.
 */
export class RecordSplitter {
  /** File offset of the next byte to read. */
  offset = 0
  private stopped = false
  /** Bytes of a record split across chunks, and its length once its header is complete. */
  private partial: Uint8Array | null = null
  private partialLength = 0
  private partialDeclared = -1

  constructor(
    private readonly format: RecordFormat,
    private readonly onRecord: (bytes: Uint8Array, start: number, end: number, offset: number) => boolean,
    private readonly onError: (error: ImportError) => void,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.stopped) return
    let pos = this.partial ? this.completePartial(chunk) : 0
    while (pos >= 0 && pos < chunk.length && !this.stopped) {
      const available = chunk.length - pos
      if (available < this.format.headerLength()) {
        this.stash(chunk, pos, -1)
        return
      }
      const length = this.recordLength(chunk, pos)
      if (length < 0) return
      if (available < length) {
        this.stash(chunk, pos, length)
        return
      }
      this.emit(chunk, pos, pos + length)
      pos += length
    }
  }

  /** Reports a record cut short by the end of the file. */
  finish(): void {
    if (this.stopped || !this.partial) return
    const declared = this.partialDeclared
    const what = this.format.describe()
    const message =
      declared >= 0
        ? `truncated ${what} at byte ${formatCount(this.offset)}: ${formatCount(declared)} bytes declared, ${formatCount(this.partialLength)} present`
        : `truncated ${what} header at byte ${formatCount(this.offset)}: ${this.format.headerLength()} bytes needed, ${this.partialLength} present`
    this.onError({ message, offset: this.offset })
    this.stopped = true
  }

  private recordLength(bytes: Uint8Array, start: number): number {
    const length = this.format.recordLength(bytes, start, this.offset)
    if (typeof length === 'number') return length
    this.onError(length)
    this.stopped = true
    return -1
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    const offset = this.offset
    this.offset += end - start
    if (!this.onRecord(bytes, start, end, offset)) this.stopped = true
  }

  private stash(chunk: Uint8Array, pos: number, declared: number): void {
    const rest = chunk.length - pos
    this.partial = new Uint8Array(Math.max(declared, this.format.headerLength(), rest))
    this.partial.set(chunk.subarray(pos), 0)
    this.partialLength = rest
    this.partialDeclared = declared
  }

  /** Adds the new chunk's bytes to the split record; returns where the chunk's next record starts (-1: none). */
  private completePartial(chunk: Uint8Array): number {
    let pos = 0
    if (this.partialDeclared < 0) {
      pos = this.append(chunk, 0, this.format.headerLength())
      if (this.partialLength < this.format.headerLength()) return -1
      const length = this.recordLength(this.partial!, 0)
      if (length < 0) return -1
      this.partialDeclared = length
      if (this.partial!.length < length) {
        const grown = new Uint8Array(length)
        grown.set(this.partial!.subarray(0, this.partialLength))
        this.partial = grown
      }
    }
    pos = this.append(chunk, pos, this.partialDeclared)
    if (this.partialLength < this.partialDeclared) return -1
    const record = this.partial!
    const length = this.partialDeclared
    this.partial = null
    this.partialLength = 0
    this.partialDeclared = -1
    this.emit(record, 0, length)
    return pos
  }

  /** Copies chunk bytes from `pos` into the partial record until it holds `upTo` bytes. */
  private append(chunk: Uint8Array, pos: number, upTo: number): number {
    const n = Math.min(upTo - this.partialLength, chunk.length - pos)
    if (n <= 0) return pos
    this.partial!.set(chunk.subarray(pos, pos + n), this.partialLength)
    this.partialLength += n
    return pos + n
  }
}

/**
 * A capture reader over length-prefixed records: the plumbing pcap and pcapng share. A
 * subclass says how long a record is (RecordFormat) and what a record means (`onRecord`).
 */
export abstract class RecordReader implements CaptureReader, RecordFormat {
  readonly warnings: string[] = []
  private readonly splitter: RecordSplitter

  constructor(onError: ErrorSink) {
    this.splitter = new RecordSplitter(
      this,
      (bytes, start, end, offset) => this.onRecord(bytes, start, end, offset),
      (e) => onError(e.message, e.offset),
    )
  }

  get offset(): number {
    return this.splitter.offset
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk)
  }

  finish(): void {
    this.splitter.finish()
    this.finished()
  }

  /** After the last record: a subclass adds its warnings here. */
  protected finished(): void {}

  /** One whole record, bytes[start..end) at file offset `offset`; false stops reading. */
  protected abstract onRecord(bytes: Uint8Array, start: number, end: number, offset: number): boolean
  abstract headerLength(): number
  abstract recordLength(bytes: Uint8Array, start: number, offset: number): number | ImportError
  abstract describe(): string
}
