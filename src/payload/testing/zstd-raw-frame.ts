/** RFC 8878 §3.1.1: a single-segment zstd frame holding one raw block (Node 20 has no zstd encoder). */
export function zstdRawFrame(content: Uint8Array): Uint8Array {
  const n = content.length // < 256: the one-byte Frame_Content_Size
  const block = (n << 3) | 1 // Last_Block, Block_Type 0 (raw), Block_Size n
  return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, n, block & 0xff, (block >> 8) & 0xff, block >> 16, ...content])
}
