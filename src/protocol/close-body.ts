import { finding, type Finding } from './findings.ts'
import { isValidWireCloseCode, describeCloseCode } from './close-codes.ts'
import { Utf8Validator } from './utf8.ts'
import { utf8Decode, utf8Encode } from './bytes.ts'

export interface CloseBody {
  /** The status code, or null for an empty body (reported locally as 1005). */
  code: number | null
  reason: string
}

/**
 * Parses a Close frame's application data (RFC 6455 §5.5.1): empty, or a 2-byte code and a
 * UTF-8 reason. A 1-byte body is refused earlier, by the frame checks. `offset` locates findings.
 */
export function parseCloseBody(data: Uint8Array, offset = 0, length = data.length): { body: CloseBody; finding: Finding | null } {
  if (data.length < 2) return { body: { code: null, reason: '' }, finding: null }
  const code = (data[0]! << 8) | data[1]!
  const reasonBytes = data.subarray(2)
  const reason = utf8Decode(reasonBytes)
  const body = { code, reason }
  if (!isValidWireCloseCode(code)) {
    const info = describeCloseCode(code)
    return {
      body,
      finding: finding('close.invalid-code', `close code ${code} (${info.name}) must not be sent in a Close frame`, offset, length),
    }
  }
  const validator = new Utf8Validator()
  const bad = validator.push(reasonBytes)
  if (bad >= 0 || !validator.complete) {
    return {
      body,
      finding: finding(
        'close.invalid-utf8-reason',
        `close reason is not valid UTF-8 (${bad >= 0 ? `byte ${bad} of the reason` : 'it ends inside a character'})`,
        offset,
        length,
      ),
    }
  }
  return { body, finding: null }
}

export function encodeCloseBody(code: number | null, reason = ''): Uint8Array {
  if (code === null) return new Uint8Array(0)
  const reasonBytes = utf8Encode(reason)
  const out = new Uint8Array(2 + reasonBytes.length)
  out[0] = (code >>> 8) & 0xff
  out[1] = code & 0xff
  out.set(reasonBytes, 2)
  return out
}
