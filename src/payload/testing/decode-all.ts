import { PayloadSession, type PayloadSessionOptions } from '../session.ts'
import type { Sender } from '../../protocol/index.ts'
import type { PayloadResult } from '../types.ts'

export type TestMessage = string | Uint8Array

/** Decodes messages of one direction in order with one session, as the CLI does for one file. */
export function decodeAll(messages: TestMessage[], from: Sender, settings: PayloadSessionOptions = {}): PayloadResult[] {
  const session = new PayloadSession(settings)
  // Every decoder test checks too that identifyMessage (--stats) names the same decoder as decoding.
  const identifying = new PayloadSession(settings)
  return messages.map((m, i) => {
    const [bytes, type] = typeof m === 'string' ? [new TextEncoder().encode(m), 'text'] : [m, 'binary']
    const result = session.decode(bytes, type === 'text', from)
    const identified = identifying.identifyMessage(type, bytes, from)
    if (identified !== result.decoder) throw new Error(`message ${i}: identifyMessage says ${identified}, decoding says ${result.decoder}`)
    return result
  })
}

export const bytesOf = (b: ArrayBuffer | Uint8Array | Buffer): Uint8Array =>
  b instanceof Uint8Array ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b)
