/**
 * A tab's payload-decoding choice — automatic, off, or named layers, and the user's .proto for
 * protobuf messages — and React's way to its decoding. The choice lives on the tab's Connection
 * (it ends with the tab); changing it decodes the connection's messages again.
 */
import { loadProtoSchema, type PayloadMode, type PayloadResult } from '../../payload/index.ts'
import type { PayloadLog, PayloadSettings } from '../store/payload-log.ts'
import type { PayloadChoice } from './connection.ts'
import { connections } from './connections.ts'
import { useConnectionView } from './use-connection.ts'

/** Sets the tab's decoding; a .proto that does not load is reported and decoding goes on without it. */
export function choosePayload(id: string, choice: PayloadChoice): void {
  let proto = null
  let error: string | null = null
  if (choice.protoSource.trim()) {
    const loaded = loadProtoSchema(choice.protoSource, choice.protoType.trim() || null)
    if (loaded.ok) proto = loaded.value
    else error = loaded.error
  }
  const mode: PayloadMode = choice.decoder === 'auto' || choice.decoder === 'none' ? choice.decoder : [choice.decoder]
  const settings: PayloadSettings = { mode, proto }
  connections.get(id)?.choosePayload(choice, settings, error)
}

/** The connection's payload decoding (made on first use with its negotiated subprotocol). */
export function payloadsOf(id: string): PayloadLog | null {
  return connections.get(id)?.payloadLog() ?? null
}

/** Message i's decoding for the log, or null while decoding catches up to it in the background. */
export function payloadForView(id: string, i: number): PayloadResult | null {
  return connections.get(id)?.payloadForView(i) ?? null
}

export const usePayloadChoice = (id: string) => useConnectionView(id, (v) => v.payloadChoice)
/** Why the tab's .proto could not be used. */
export const usePayloadError = (id: string) => useConnectionView(id, (v) => v.payloadError)
