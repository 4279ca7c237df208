import { concatBytes } from '../../protocol/index.ts'
import { BoundedInflate } from '../bounded-inflate.ts'
import { decompressedLayer, maxInflate } from '../decompressed.ts'
import { endsWithSyncFlush, hasZlibHeader } from '../zlib-header.ts'
import type { PayloadDecoder } from '../types.ts'

interface StreamState {
  inflate: BoundedInflate
  /** Output of messages that did not end with a sync flush yet (one logical message spans them). */
  pending: Uint8Array[]
}

/**
 * One zlib stream per direction across messages, each logical message ending with a sync flush
 * (`00 00 ff ff`), as Discord's gateway sends with `compress=zlib-stream`.
 */
export const zlibStream: PayloadDecoder = {
  id: 'zlib-stream',
  starts: (_first, isText) => !isText,
  sniff: (input, ctx) => {
    const b = input.bytes
    if (input.isText) return 0
    if (ctx.state.has('zlib-stream')) return endsWithSyncFlush(b) ? 0.95 : 0.5
    return hasZlibHeader(b) && endsWithSyncFlush(b) ? 0.9 : 0
  },
  decode: (input, ctx) => {
    let state = ctx.state.get('zlib-stream') as StreamState | undefined
    if (!state) {
      state = { inflate: new BoundedInflate('zlib'), pending: [] }
      ctx.state.set('zlib-stream', state)
    }
    const budget = maxInflate(ctx)
    const result = state.inflate.push(input.bytes, budget)
    if (result.status === 'corrupt' || result.status === 'too-big' || result.status === 'end') {
      // A broken or finished stream cannot be continued: the next message starts a new one.
      ctx.state.delete('zlib-stream')
    }
    const errors = result.error ? [{ message: result.error, offset: result.offset }] : []
    state.pending.push(result.output)
    if (!endsWithSyncFlush(input.bytes) && result.status === 'more') {
      const size = state.pending.reduce((n, c) => n + c.length, 0)
      if (size <= budget) {
        return { value: null, kind: 'data', summary: `zlib-stream: continued in the next message (${size} bytes so far)`, errors }
      }
      errors.push({ message: `decompressed data exceeds ${budget} bytes`, offset: input.bytes.length })
    }
    const output = concatBytes(state.pending)
    state.pending = []
    return decompressedLayer('zlib-stream', input.bytes.length, output, errors)
  },
}
