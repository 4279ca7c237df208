import { Deflate, Z_SYNC_FLUSH } from 'pako'
import { concatBytes } from './bytes.ts'
import type { SenderDeflateParams } from './permessage-deflate-params.ts'

/**
 * Compresses the messages of one sender as permessage-deflate does (RFC 7692 §7.2.1):
 * raw DEFLATE, a sync flush at the end of each message, and the trailing 00 00 ff ff removed.
 * With context takeover one deflate stream lives across messages.
 */
export class MessageDeflater {
  private deflate: Deflate | null = null
  private output: Uint8Array[] = []

  constructor(
    readonly params: SenderDeflateParams,
    readonly level = 6,
  ) {}

  compress(data: Uint8Array): Uint8Array {
    if (!this.deflate || this.params.noContextTakeover) this.deflate = this.newStream()
    this.output = []
    this.deflate.push(data, Z_SYNC_FLUSH)
    const out = concatBytes(this.output)
    const trimmed = endsWithTail(out) ? out.subarray(0, out.length - 4) : out
    // pako emits nothing for an empty message right after a sync flush; a single 00 byte
    // (an empty fixed-Huffman block, not final) inflates to nothing and keeps the stream valid.
    return trimmed.length === 0 ? new Uint8Array([0x00]) : trimmed
  }

  private newStream(): Deflate {
    // zlib's deflate has no 8-bit window: it silently uses 9 (see zlib.h, deflateInit2).
    const d = new Deflate({ raw: true, windowBits: Math.max(9, this.params.maxWindowBits), level: this.level, memLevel: 8 })
    d.onData = (chunk: Uint8Array) => this.output.push(chunk)
    return d
  }
}

function endsWithTail(b: Uint8Array): boolean {
  const n = b.length
  return n >= 4 && b[n - 4] === 0x00 && b[n - 3] === 0x00 && b[n - 2] === 0xff && b[n - 1] === 0xff
}
