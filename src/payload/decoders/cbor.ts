import { decode, type TagDecoder } from 'cborg'
import { toJsonValue } from '../json-value.ts'
import { brief, unreadable } from '../summary.ts'
import type { PayloadDecoder } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'
import type { Parsed } from '../msgpack-value.ts'

/** Tags 2 and 3 (RFC 8949 §3.4.3) are integers: as $bigint like any other big integer. */
function bignum(tag: number, inner: () => unknown): unknown {
  const bytes = inner()
  if (!(bytes instanceof Uint8Array)) return { $tag: tag, value: bytes }
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  return tag === 2 ? n : -1n - n
}

/** Every other tag (RFC 8949 §3.4) is kept as {"$tag": n, "value": …}, whatever its number. */
const anyTag = new Proxy({} as Record<number, TagDecoder>, {
  get: (_target, key) => {
    if (typeof key !== 'string' || !/^\d+$/.test(key)) return undefined
    const tag = Number(key)
    return (inner: () => unknown) => (tag === 2 || tag === 3 ? bignum(tag, inner) : { $tag: tag, value: inner() })
  },
})

/** A whole message as one CBOR data item (cborg), worked out once per message. */
export function parseCbor(input: PayloadInput): Parsed {
  return input.memo('cbor', () => {
    try {
      return { ok: true, value: toJsonValue(decode(input.bytes, { tags: anyTag, useMaps: true, allowUndefined: true })) }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      const at = /position (\d+)/.exec(message) ?? /at (\d+)/.exec(message)
      return { ok: false, error: { message, offset: at ? Number(at[1]) : 0 } }
    }
  })
}

export const cbor: PayloadDecoder = {
  id: 'cbor',
  starts: (b, isText) => !isText && b >= 0,
  innermost: true,
  sniff: (input) => {
    const b = input.bytes
    if (input.isText || b.length === 0) return 0
    // Tag 55799, the self-described CBOR mark (RFC 8949 §3.4.6).
    if (b[0] === 0xd9 && b[1] === 0xd9 && b[2] === 0xf7) return 0.99
    const r = parseCbor(input)
    return r.ok ? (typeof r.value === 'object' && r.value !== null ? 0.42 : 0.1) : 0
  },
  decode: (input) => {
    const r = parseCbor(input)
    return r.ok ? { value: r.value, kind: 'data', summary: brief(r.value, 100) } : unreadable(input.asValue(), 'cbor', [r.error])
  },
}
