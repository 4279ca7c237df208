/**
 * XORs `source[start..end)` with the masking key (RFC 6455 §5.3) into `target` at
 * `targetStart`. `keyIndex` is the position in the payload of `source[start]`, so a payload
 * split across chunks unmasks correctly piece by piece. Source and target may be the same.
 */
export function applyMask(source: Uint8Array, start: number, end: number, maskingKey: number, keyIndex: number, target: Uint8Array, targetStart: number): void {
  const k0 = maskingKey >>> 24
  const k1 = (maskingKey >>> 16) & 0xff
  const k2 = (maskingKey >>> 8) & 0xff
  const k3 = maskingKey & 0xff
  let i = start
  let j = targetStart
  // Align to the key so the unrolled loop below always starts at key byte 0.
  while (i < end && (keyIndex & 3) !== 0) {
    target[j++] = source[i++]! ^ keyByte(maskingKey, keyIndex++)
  }
  const unrolledEnd = end - ((end - i) & 3)
  while (i < unrolledEnd) {
    target[j] = source[i]! ^ k0
    target[j + 1] = source[i + 1]! ^ k1
    target[j + 2] = source[i + 2]! ^ k2
    target[j + 3] = source[i + 3]! ^ k3
    i += 4
    j += 4
  }
  keyIndex = 0
  while (i < end) target[j++] = source[i++]! ^ keyByte(maskingKey, keyIndex++)
}

function keyByte(maskingKey: number, index: number): number {
  return (maskingKey >>> (24 - 8 * (index & 3))) & 0xff
}

/** Returns a masked (or unmasked: XOR is its own inverse) copy of `data`. */
export function mask(data: Uint8Array, maskingKey: number, keyIndex = 0): Uint8Array {
  const out = new Uint8Array(data.length)
  applyMask(data, 0, data.length, maskingKey, keyIndex, out, 0)
  return out
}
