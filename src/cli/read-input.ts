import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { UsageError } from './cli-error.ts'

/** The default input limit (--max-input): a capture larger than this is refused, not read. */
export const DEFAULT_MAX_INPUT = 512 * 1024 * 1024

/**
 * Reads a FILE argument, or standard input for '-', refusing more than `maxBytes` (0 = no
 * limit): a regular file by its size before reading, a stream (a pipe, /dev/zero) as soon
 * as it goes past the limit, so an endless input stops with a message, not a crash.
 */
export async function readSource(source: string, maxBytes = DEFAULT_MAX_INPUT, limitHint = ''): Promise<Uint8Array> {
  const name = source === '-' ? 'standard input' : source
  const tooLarge = () => new UsageError(`${name} holds more than ${maxBytes} bytes, the input limit${limitHint}`)
  if (source === '-') return readStream(process.stdin, maxBytes, tooLarge)
  let handle
  try {
    handle = await open(source, 'r')
  } catch (e) {
    throw cannotRead(source, e)
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new UsageError(`cannot read ${source}: is a directory`)
    if (info.isFile()) {
      if (maxBytes > 0 && info.size > maxBytes) throw tooLarge()
      // One synchronous read of a known size: no round trips through the thread pool per 512 KiB.
      return bytesOf(readFileSync(handle.fd))
    }
    return await readStream(handle.createReadStream({ autoClose: false }), maxBytes, tooLarge)
  } catch (e) {
    throw e instanceof UsageError ? e : cannotRead(source, e)
  } finally {
    await handle.close().catch(() => {})
  }
}

function cannotRead(source: string, e: unknown): UsageError {
  const err = e as NodeJS.ErrnoException
  const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message
  return new UsageError(`cannot read ${source}: ${why}`)
}

async function readStream(stream: Readable, maxBytes: number, tooLarge: () => UsageError): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of stream) {
    length += (chunk as Buffer).length
    if (maxBytes > 0 && length > maxBytes) {
      stream.destroy()
      throw tooLarge()
    }
    chunks.push(chunk as Buffer)
  }
  return bytesOf(Buffer.concat(chunks, length))
}

/** A plain Uint8Array view of a Buffer's bytes, without copying them. */
function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)
}

/** Pieces given back (FilePieces.recycle) that are kept for reading into. */
const MAX_SPARE = 64

/**
 * A regular file read synchronously in pieces, for `--stats` on captures of any size: each piece
 * is decoded while it is fresh in the cache, and the file is never one large buffer. `open`
 * answers null for what is not a regular file (standard input, a pipe): those are read whole.
 */
export class FilePieces {
  private position = 0
  private readonly spare: Uint8Array[] = []

  private constructor(
    private readonly source: string,
    private readonly fd: number,
    readonly size: number,
    private readonly pieceSize: number,
  ) {}

  static open(source: string, maxBytes: number, limitHint: string, pieceSize: number): FilePieces | null {
    if (source === '-') return null
    let fd: number
    try {
      fd = openSync(source, 'r')
    } catch (e) {
      throw cannotRead(source, e)
    }
    try {
      const info = fstatSync(fd)
      if (!info.isFile()) {
        closeSync(fd)
        return null
      }
      if (maxBytes > 0 && info.size > maxBytes) throw new UsageError(`${source} holds more than ${maxBytes} bytes, the input limit${limitHint}`)
      return new FilePieces(source, fd, info.size, pieceSize)
    } catch (e) {
      closeSync(fd)
      throw e instanceof UsageError ? e : cannotRead(source, e)
    }
  }

  /**
   * The next piece; empty at the end of the file. A new array, or one given back by `recycle`:
   * decoded messages may be views into it. `shared`: in a SharedArrayBuffer, for a worker thread
   * to read as well.
   */
  next(shared = false): Uint8Array {
    const length = Math.min(this.pieceSize, Math.max(0, this.size - this.position))
    if (this.spare.length && this.spare[0]!.buffer instanceof SharedArrayBuffer !== shared) this.spare.length = 0
    const spare = this.spare.pop()
    const piece = spare ? spare.subarray(0, length) : shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length)
    let filled = 0
    while (filled < piece.length) {
      let n: number
      try {
        n = readSync(this.fd, piece, filled, piece.length - filled, this.position + filled)
      } catch (e) {
        throw cannotRead(this.source, e)
      }
      if (n === 0) break
      filled += n
    }
    this.position += filled
    return filled === piece.length ? piece : piece.subarray(0, filled)
  }

  /** Takes back a piece nothing reads any more: a later one is read into its memory. */
  recycle(piece: Uint8Array): void {
    // A few are all that is needed at a time; more come back at once only after a message that
    // spanned many pieces, and are left to the garbage collector.
    if (this.spare.length < MAX_SPARE && piece.byteOffset === 0 && piece.buffer.byteLength === this.pieceSize) this.spare.push(new Uint8Array(piece.buffer))
  }

  /** Reads on from byte `position` of the file. */
  seek(position: number): void {
    this.position = position
  }

  close(): void {
    closeSync(this.fd)
  }
}
