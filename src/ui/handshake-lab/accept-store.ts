import { create } from 'zustand'
import { acceptSteps, encodeBase64, isValidKey, type AcceptSteps } from '../../protocol/index.ts'

interface AcceptState {
  key: string
  steps: AcceptSteps
  /** Whether the key is base64 of 16 bytes, as RFC 6455 §4.1 requires. */
  keyValid: boolean
  setKey: (key: string) => void
  /** A fresh key as a client makes one: 16 random bytes, base64. */
  randomKey: () => void
}

const compute = (key: string) => ({ key, steps: acceptSteps(key), keyValid: isValidKey(key) })

/** The Sec-WebSocket-Accept calculator: each step of base64(SHA-1(key + GUID)). */
export const useAcceptStore = create<AcceptState>()((set) => ({
  // RFC 6455 §1.3's own example key.
  ...compute('dGhlIHNhbXBsZSBub25jZQ=='),
  setKey: (key) => set(compute(key)),
  randomKey: () => set(compute(encodeBase64(crypto.getRandomValues(new Uint8Array(16))))),
}))
