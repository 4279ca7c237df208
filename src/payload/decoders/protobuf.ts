import { toJsonValue } from '../json-value.ts'
import { readWireMessage, wireValue } from '../protobuf-wire.ts'
import { brief, clip, unreadable } from '../summary.ts'
import type { PayloadDecoder, PayloadError } from '../types.ts'
import type { PayloadInput } from '../payload-input.ts'

const wire = (input: PayloadInput) => input.memo('protobuf', () => readWireMessage(input.bytes))

/**
 * Protocol Buffers: with a user's .proto (protobufjs) named fields; without one, the wire format
 * read by field number. There is no signature, so without a schema it is a weak guess.
 */
export const protobuf: PayloadDecoder = {
  id: 'protobuf',
  starts: (b, isText) => !isText && b >= 0,
  innermost: true,
  sniff: (input, ctx) => {
    if (input.isText || input.bytes.length === 0) return 0
    const r = wire(input)
    if (!r.message || r.message.count === 0) return 0
    return ctx.options.proto ? 0.9 : 0.25
  },
  decode: (input, ctx) => {
    const schema = ctx.options.proto
    const errors: PayloadError[] = []
    if (schema) {
      try {
        const value = toJsonValue(schema.decode(input.bytes))
        return { value, kind: 'data', summary: clip(`${schema.typeName} ${brief(value, 90)}`) }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        const at = /index out of range: (\d+)/.exec(message)
        errors.push({ message: `${schema.typeName}: ${message}`, offset: at ? Number(at[1]) : 0 })
      }
    }
    const r = wire(input)
    if (!r.message) return unreadable(input.asValue(), 'protobuf', [...errors, r.error!])
    const value = wireValue(r.message)
    return { value, kind: 'data', summary: clip(`${r.message.count} field${r.message.count === 1 ? '' : 's'} ${brief(value, 90)}`), errors }
  },
}
