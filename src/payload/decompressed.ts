import { PayloadInput, isPrintable } from './payload-input.ts'
import { BoundedInflate, DEFAULT_MAX_INFLATE, type InflateFormat } from './bounded-inflate.ts'
import { clip, handingOn, unreadable } from './summary.ts'
import type { DecodeContext, LayerResult, PayloadError } from './types.ts'

/** The input of the layer under a decompression layer: text when it reads as text. */
export function innerInput(bytes: Uint8Array): PayloadInput {
  const probe = new PayloadInput(bytes, false)
  const text = probe.text
  return text !== null && isPrintable(text) ? PayloadInput.ofText(text) : probe
}

export function decompressedLayer(label: string, compressed: number, output: Uint8Array, errors: PayloadError[]): LayerResult {
  const input = innerInput(output)
  return handingOn(
    { kind: 'data', errors, next: output.length ? { input } : undefined },
    () => input.asValue(),
    () => clip(`${label} ${compressed} → ${output.length} bytes${errors.length ? `: ${errors[0].message}` : ''}`),
  )
}

export function maxInflate(ctx: DecodeContext): number {
  return ctx.options.maxInflate ?? DEFAULT_MAX_INFLATE
}

/** One whole compressed stream in one message (gzip, zlib, deflate-raw). */
export function inflateMessage(format: InflateFormat, label: string, input: PayloadInput, ctx: DecodeContext): LayerResult {
  const result = new BoundedInflate(format).push(input.bytes, maxInflate(ctx))
  const errors: PayloadError[] = []
  if (result.error) errors.push({ message: result.error, offset: result.offset })
  else if (result.status === 'more') errors.push({ message: `the ${label} stream is cut short`, offset: input.bytes.length })
  if (result.status === 'corrupt' && result.output.length === 0) return unreadable(input.asValue(), label, errors)
  return decompressedLayer(label, input.bytes.length, result.output, errors)
}

/**
 * How sure a sniffer can be that a whole message is one compressed stream: it inflates and ends
 * exactly at its end (1), it inflates past the sniffing budget (0.8: a bomb is still compressed
 * data), or it does not (0). Worked out once per message.
 */
export function inflatesWhole(format: InflateFormat, input: PayloadInput): number {
  return input.memo(`inflates:${format}`, () => {
    const r = new BoundedInflate(format).push(input.bytes, 1 << 20)
    return r.status === 'end' && r.error === null ? 1 : r.status === 'too-big' ? 0.8 : 0
  })
}
