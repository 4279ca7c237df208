/**
 * A tab's payload-decoding choice — automatic, off, or named layers, and the user's .proto for
 * protobuf messages. The choice lives on the tab's Connection (it ends with the tab); changing
 * it decodes the connection's messages again, in its payload worker.
 */
import { loadProtoSchema, type PayloadMode } from '../../payload/index.ts'
import type { PayloadSettings } from '../store/payload-log.ts'
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

export const usePayloadChoice = (id: string) => useConnectionView(id, (v) => v.payloadChoice)
/** Why the tab's .proto could not be used. */
export const usePayloadError = (id: string) => useConnectionView(id, (v) => v.payloadError)
