import { jsonErrorOffset } from './json.ts'
import { RECORD_SEPARATOR, describeSignalR } from '../signalr-message.ts'
import { combine, isRecord, unreadable } from '../summary.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'

const RECORD_SEPARATOR_BYTE = RECORD_SEPARATOR.charCodeAt(0)
import { mayBeJsonObject } from '../first-byte.ts'

/** The JSON records of a message, each ended by 0x1e. */
export function signalRRecords(input: PayloadInput): { records: unknown[]; errors: PayloadError[] } | null {
  // The last byte first: most messages end otherwise, and then need no text and no memo.
  if (input.bytes[input.bytes.length - 1] !== RECORD_SEPARATOR_BYTE) return null
  return input.memo('signalr-json', () => {
    const t = input.text
    if (t === null) return null
    const records: unknown[] = []
    const errors: PayloadError[] = []
    let at = 0
    for (const part of t.slice(0, -1).split(RECORD_SEPARATOR)) {
      try {
        records.push(JSON.parse(part))
      } catch {
        const e = jsonErrorOffset(part)
        errors.push({ message: e.message, offset: at + e.offset })
      }
      at += part.length + 1
    }
    return { records, errors }
  })
}

/** SignalR's JSON hub protocol: 0x1e-terminated JSON records, several per message allowed. */
export const signalrJson: PayloadDecoder = {
  id: 'signalr-json',
  starts: (b) => mayBeJsonObject(b),
  // Its records end with 0x1e, and one JSON object never does.
  objectKeys: [],
  innermost: true,
  sniff: (input) => {
    const r = signalRRecords(input)
    if (!r || r.records.length === 0 || r.errors.length) return 0
    const first = r.records[0]
    return isRecord(first) && (typeof first.type === 'number' || typeof first.protocol === 'string' || Object.keys(first).length <= 1) ? 0.95 : 0
  },
  decode: (input) => decodeSignalRText(input, 'signalr-json'),
}

/** Both hub protocols start with a JSON handshake; signalr-msgpack reads it with this too. */
export function decodeSignalRText(input: PayloadInput, label: string): LayerResult {
  const r = signalRRecords(input)
  if (!r) return unreadable(input.asValue(), label, [{ message: 'a SignalR JSON record ends with 0x1e', offset: input.bytes.length }])
  const parts = r.records.filter(isRecord).map((m) => describeSignalR(m as Record<string, JsonValue>))
  if (parts.length === 0) return unreadable(input.asValue(), label, r.errors)
  return {
    value: parts.length === 1 ? parts[0].value : parts.map((p) => p.value),
    ...combine(parts, 'messages'),
    errors: r.errors,
  }
}
