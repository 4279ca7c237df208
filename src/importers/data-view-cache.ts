/**
 * One DataView per chunk instead of one per record: a chunk (often the whole file) holds
 * hundreds of thousands of records, and a view per record would be an allocation per packet.
 */
export class DataViewCache {
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))
  private bytes: Uint8Array | null = null

  get(bytes: Uint8Array): DataView<ArrayBufferLike> {
    if (bytes !== this.bytes) {
      this.bytes = bytes
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
    return this.view
  }
}
