/**
 * Each connection's payload-decoding choice: automatic, off, or named layers, and the user's
 * .proto for protobuf messages. Changing it decodes the connection's messages again.
 */
import { create } from 'zustand'
import { loadProtoSchema, type PayloadMode, type PayloadResult } from '../../payload/index.ts'
import { connectionData, resetPayloads } from './connection-data.ts'
import { useConnectionsStore } from './connections-store.ts'
import { useLogStore } from './log-store.ts'
import { AUTO_PAYLOAD, PayloadLog, type PayloadSettings } from './payload-log.ts'

export interface PayloadChoice {
  /** 'auto', 'none' or one decoder id (its carrier is added: socket.io reads Engine.IO first). */
  decoder: string
  protoSource: string
  protoType: string
}

export const AUTO_CHOICE: PayloadChoice = { decoder: 'auto', protoSource: '', protoType: '' }

interface PayloadState {
  choices: Record<string, PayloadChoice>
  /** Why the .proto could not be used. */
  errors: Record<string, string>
  settings: Record<string, PayloadSettings>
  choose: (id: string, choice: PayloadChoice) => void
}

export const usePayloadStore = create<PayloadState>()((set, get) => ({
  choices: {},
  errors: {},
  settings: {},
  choose: (id, choice) => {
    const errors = { ...get().errors }
    delete errors[id]
    let proto = null
    if (choice.protoSource.trim()) {
      const loaded = loadProtoSchema(choice.protoSource, choice.protoType.trim() || null)
      if (loaded.schema) proto = loaded.schema
      else errors[id] = loaded.error
    }
    const mode: PayloadMode = choice.decoder === 'auto' || choice.decoder === 'none' ? choice.decoder : [choice.decoder]
    const settings: PayloadSettings = { mode, proto }
    set({ choices: { ...get().choices, [id]: choice }, errors, settings: { ...get().settings, [id]: settings } })
    resetPayloads(id)
    useLogStore.getState().bump([id])
    for (const listener of listeners) listener(id)
  },
}))

const listeners = new Set<(id: string) => void>()

/** Told when a connection's decoding choice changes (the filter re-scans: it may test payloads). */
export function onPayloadChoice(listener: (id: string) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The connection's payload decoding, made on first use with its negotiated subprotocol. */
export function payloadsOf(id: string): PayloadLog {
  const data = connectionData(id)
  if (!data.payloads || data.payloads.store !== data.messages) {
    const subprotocol = useConnectionsStore.getState().byId[id]?.status.protocol || null
    data.payloads = new PayloadLog(data.messages, payloadSettingsOf(id), subprotocol)
  }
  return data.payloads
}

const SLICE_MS = 12
const catchingUp = new Map<string, number>()

/**
 * Message i's decoding for the log, or null while decoding catches up to it in the background
 * (in slices with a yield between them, so a million imported messages never block the page).
 */
export function payloadForView(id: string, i: number): PayloadResult | null {
  const log = payloadsOf(id)
  if (log.ready(i)) return log.result(i)
  const target = Math.max(i, catchingUp.get(id) ?? -1)
  const running = catchingUp.has(id)
  catchingUp.set(id, target)
  if (!running) {
    const slice = () => {
      const current = payloadsOf(id)
      if (current.step(catchingUp.get(id)!, performance.now() + SLICE_MS)) {
        catchingUp.delete(id)
        useLogStore.getState().bump([id])
      } else setTimeout(slice, 0)
    }
    setTimeout(slice, 0)
  }
  return null
}

export const usePayloadChoice = (id: string) => usePayloadStore((s) => s.choices[id] ?? AUTO_CHOICE)
export const payloadSettingsOf = (id: string): PayloadSettings => usePayloadStore.getState().settings[id] ?? AUTO_PAYLOAD
