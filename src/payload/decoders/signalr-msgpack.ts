import { decodeMsgpack } from '../msgpack-value.ts'
import { describeSignalR, SIGNALR_TYPES } from '../signalr-message.ts'
import { combine, unreadable } from '../summary.ts'
import { decodeSignalRText, signalRRecords } from './signalr-json.ts'
import type { JsonValue, LayerResult, PayloadDecoder, PayloadError } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'
import { mayBeJsonObject } from '../first-byte.ts'

/** HubProtocol.md "MessagePack encoding": the array form of each message type, as its JSON form. */
function toJsonForm(a: JsonValue[]): Record<string, JsonValue> {
  const [type, headers] = a
  const hasHeaders = headers !== null && typeof headers === 'object' && Object.keys(headers).length > 0
  const common = { type, invocationId: a[2] ?? undefined, headers: hasHeaders ? headers : undefined }
  switch (type) {
    case 1:
    case 4:
      return compact({ ...common, target: a[3], arguments: a[4] ?? [], streamIds: a[5] })
    case 2:
      return compact({ ...common, item: a[3] })
    case 3:
      return compact({ ...common, error: a[3] === 1 ? a[4] : undefined, result: a[3] === 3 ? a[4] : undefined })
    case 5:
      return compact(common)
    case 6:
      return { type }
    case 7:
      return compact({ type, error: a[1] ?? undefined, allowReconnect: a[2] })
    case 8:
    case 9:
      return { type, sequenceId: a[1] }
    default:
      return { type, fields: a.slice(1) }
  }
}

function compact(m: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as Record<string, JsonValue>
}

/** Length-prefixed (7-bit varint) MessagePack arrays, several per message allowed. */
function readRecords(b: Uint8Array): { messages: Record<string, JsonValue>[]; errors: PayloadError[] } {
  const messages: Record<string, JsonValue>[] = []
  const errors: PayloadError[] = []
  let pos = 0
  while (pos < b.length) {
    let length = 0
    let i = 0
    for (; i < 5; i++) {
      const byte = b[pos + i]
      if (byte === undefined) break
      length += (byte & 0x7f) * 128 ** i
      if ((byte & 0x80) === 0) break
    }
    const start = pos + i + 1
    if (i === 5 || b[pos + i] === undefined || start + length > b.length) {
      errors.push({ message: `the length prefix at ${pos} runs past the end of the message`, offset: pos })
      break
    }
    const r = decodeMsgpack(b.subarray(start, start + length))
    // After a bad record the framing is lost: stop there.
    if (!r.ok) {
      errors.push({ message: r.error.message, offset: start + r.error.offset })
      break
    }
    if (!Array.isArray(r.value) || typeof r.value[0] !== 'number') {
      errors.push({ message: 'a hub message is an array starting with its type', offset: start })
      break
    }
    messages.push(toJsonForm(r.value))
    pos = start + length
  }
  return { messages, errors }
}

const records = (input: PayloadInput) => input.memo('signalr-msgpack', () => readRecords(input.bytes))

/** SignalR's MessagePack hub protocol (its handshake is JSON text). */
export const signalrMsgpack: PayloadDecoder = {
  id: 'signalr-msgpack',
  // Its handshake is JSON text, its messages length-prefixed binary.
  starts: (b, isText) => !isText || mayBeJsonObject(b),
  // As text it reads 0x1e-ended records, and one JSON object never ends so.
  objectKeys: [],
  innermost: true,
  sniff: (input) => {
    if (input.isText) {
      const r = signalRRecords(input)
      const first = r?.records[0] as Record<string, unknown> | undefined
      return first?.protocol === 'messagepack' ? 0.97 : 0
    }
    const r = records(input)
    return r.errors.length === 0 && r.messages.length > 0 && r.messages.every((m) => (m.type as number) in SIGNALR_TYPES) ? 0.9 : 0
  },
  decode: (input): LayerResult => {
    if (input.isText) return decodeSignalRText(input, 'signalr-msgpack')
    const r = records(input)
    if (r.messages.length === 0) return unreadable(input.asValue(), 'signalr-msgpack', r.errors)
    const parts = r.messages.map(describeSignalR)
    return { value: parts.length === 1 ? parts[0].value : parts.map((p) => p.value), ...combine(parts, 'messages'), errors: r.errors }
  },
}
