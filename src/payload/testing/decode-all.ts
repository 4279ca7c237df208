import { PayloadSession, type PayloadSessionOptions } from '../session.ts'
import type { Sender } from '../../protocol/index.ts'
import type { PayloadResult } from '../types.ts'

export type TestMessage = string | Uint8Array

/** Decodes messages of one direction in order with one session, as the CLI does for one file. */
export function decodeAll(messages: TestMessage[], from: Sender, settings: PayloadSessionOptions = {}): PayloadResult[] {
  const session = new PayloadSession(settings)
  return messages.map((m) => (typeof m === 'string' ? session.decode(new TextEncoder().encode(m), true, from) : session.decode(m, false, from)))
}

export const bytesOf = (b: ArrayBuffer | Uint8Array | Buffer): Uint8Array => (b instanceof Uint8Array ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b))
