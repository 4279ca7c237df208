/**
 * Recognises TLS from the first bytes of a connection (RFC 8446 §5.1 record header) and reads
 * the server name a ClientHello announces (RFC 6066 §3), so a wss:// connection is listed by
 * name even though its content cannot be decoded without the session keys.
 */
import { u16, u8 } from './byte-fields.ts'

const HANDSHAKE = 22
const CLIENT_HELLO = 1
const SERVER_NAME = 0

/** A TLS record header: content type 20–23, then protocol version 3.x (x ≤ 4). */
export function isTlsRecordStart(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && u8(bytes, 0) >= 20 && u8(bytes, 0) <= 23 && bytes[1] === 3 && u8(bytes, 2) <= 4
}

/** The host_name of a ClientHello's server_name extension, or null (absent, or not a ClientHello). */
export function tlsServerName(bytes: Uint8Array): string | null {
  if (!isTlsRecordStart(bytes) || bytes[0] !== HANDSHAKE || bytes.length < 9 || bytes[5] !== CLIENT_HELLO) return null
  const end = Math.min(bytes.length, 5 + u16(bytes, 3))
  // Handshake header (4), client_version (2), random (32), then variable-length fields.
  let p = 5 + 4 + 2 + 32
  const skip = (lengthBytes: number): boolean => {
    if (p + lengthBytes > end) return false
    let length = 0
    for (let i = 0; i < lengthBytes; i++) length = (length << 8) | u8(bytes, p + i)
    p += lengthBytes + length
    return p <= end
  }
  // session_id, cipher_suites, compression_methods.
  if (!skip(1) || !skip(2) || !skip(1) || p + 2 > end) return null
  const extensionsEnd = Math.min(end, p + 2 + u16(bytes, p))
  p += 2
  while (p + 4 <= extensionsEnd) {
    const type = u16(bytes, p)
    const length = u16(bytes, p + 2)
    const data = p + 4
    if (type === SERVER_NAME) return hostName(bytes, data, Math.min(extensionsEnd, data + length))
    p = data + length
  }
  return null
}

/** ServerNameList: length (2), then entries of name_type (1), length (2), name. */
function hostName(bytes: Uint8Array, p: number, end: number): string | null {
  p += 2
  while (p + 3 <= end) {
    const type = bytes[p]
    const length = u16(bytes, p + 1)
    const name = p + 3
    if (name + length > end) return null
    if (type === 0) return String.fromCharCode(...bytes.subarray(name, name + length))
    p = name + length
  }
  return null
}
