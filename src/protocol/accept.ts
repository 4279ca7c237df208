import { sha1 } from '@noble/hashes/legacy.js'
import { decodeBase64, encodeBase64 } from './base64.ts'
import { toHex } from './bytes.ts'

/** The fixed GUID a server appends to the client's key (RFC 6455 §1.3, §4.2.2 item 5.4). */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

/** Every intermediate value of the Sec-WebSocket-Accept computation, for teaching views. */
export interface AcceptSteps {
  /** The key as used: leading and trailing white space removed (RFC 6455 §4.1 item 4). */
  key: string
  /** key + GUID: the key is used as a string, it is NOT base64-decoded first. */
  concatenated: string
  /** SHA-1 of the concatenation (its UTF-8 bytes), 40 lower-case hex digits. */
  sha1Hex: string
  /** base64 of the 20 SHA-1 bytes: the Sec-WebSocket-Accept value. */
  accept: string
}

export function acceptSteps(key: string): AcceptSteps {
  const trimmed = key.trim()
  const concatenated = trimmed + WEBSOCKET_GUID
  const digest = sha1(new TextEncoder().encode(concatenated))
  return { key: trimmed, concatenated, sha1Hex: toHex(digest), accept: encodeBase64(digest) }
}

/** base64(SHA-1(key + GUID)): the Sec-WebSocket-Accept a server must send for `key`. */
export function computeAccept(key: string): string {
  return acceptSteps(key).accept
}

/**
 * A valid Sec-WebSocket-Key is the base64 encoding of exactly 16 bytes (RFC 6455 §4.1
 * item 7), i.e. 22 alphabet characters followed by "==". Surrounding white space is not
 * part of a header value and is ignored.
 */
export function isValidKey(key: string): boolean {
  return keyByteLength(key) === 16
}

/** How many bytes the key decodes to, or null when it is not padded standard base64. */
export function keyByteLength(key: string): number | null {
  const bytes = decodeBase64(key.trim())
  return bytes ? bytes.length : null
}
