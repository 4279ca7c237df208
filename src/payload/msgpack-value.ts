import { Decoder, ExtensionCodec, decodeTimestampToTimeSpec } from '@msgpack/msgpack'
import { binaryValue, toJsonValue } from './json-value.ts'
import type { JsonValue, PayloadError } from './types.ts'

const mapKey = (key: unknown): string | number => (typeof key === 'string' || typeof key === 'number' ? key : JSON.stringify(toJsonValue(key)))

export type Parsed = { ok: true; value: JsonValue } | { ok: false; error: PayloadError }

/** The decoder's length limits, set per message (the library reads them at each header). */
type Limits = { maxArrayLength: number; maxMapLength: number }

/**
 * One decoder for all messages: building one (its key cache) costs more than a small message's
 * decode. Made on first use, so that loading the payload decoders does not load the library
 * (the command line's bundle loads it only then).
 */
let shared: Decoder | null = null

function msgpackDecoder(): Decoder {
  if (shared) return shared
  const extensions = new ExtensionCodec<undefined>()
  // Every extension type is kept as {"$ext": n, "value": …}; the timestamp (-1) as its ISO time.
  extensions.register({
    type: -1,
    encode: () => null,
    decode: (data) => {
      const { sec, nsec } = decodeTimestampToTimeSpec(data)
      const date = new Date(sec * 1000 + nsec / 1e6)
      return { $ext: -1, value: Number.isNaN(date.getTime()) ? binaryValue(data) : date.toISOString() }
    },
  })
  for (let type = 0; type < 128; type++) extensions.register({ type, encode: () => null, decode: (data) => ({ $ext: type, value: binaryValue(data) }) })
  return (shared = new Decoder({ extensionCodec: extensions, useBigInt64: true, mapKeyConverter: mapKey }))
}

/** One MessagePack value filling `bytes` exactly (@msgpack/msgpack), as JSON per the payload contract. */
export function decodeMsgpack(bytes: Uint8Array): Parsed {
  const decoder = msgpackDecoder()
  const limits = decoder as unknown as Limits
  // An item takes a byte at least, a map entry two: a header claiming more is refused at once,
  // before the library makes room for billions of items ("dd ff ff ff ff" took seconds).
  limits.maxArrayLength = bytes.length
  limits.maxMapLength = bytes.length >>> 1
  try {
    return { ok: true, value: toJsonValue(decoder.decode(bytes)) }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const at = /buffer\[(\d+)\]/.exec(message)
    const pos = (decoder as unknown as { pos?: number }).pos
    return { ok: false, error: { message, offset: at ? Number(at[1]) : typeof pos === 'number' ? pos : 0 } }
  }
}
