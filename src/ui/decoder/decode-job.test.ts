import { describe, expect, it } from 'vitest'
import { runDecodeJob, type DecodeRequest } from './decode-job.ts'
import { decodeDecoderQuery, encodeDecoderQuery, MAX_LINK_QUERY } from './decoder-link.ts'
import { editorHighlights, findingItems, inputHighlights, maskSuggestsDirection, summarize } from './result-views.ts'
import { messagePreview } from '../../protocol/index.ts'
import { useDecoderResultStore } from './decoder-result-store.ts'
import { frameAt, useDecoderSelectionStore } from './decoder-selection-store.ts'
import { DECODER_EXAMPLES } from './decoder-examples.ts'

const request = (text: string, more: Partial<DecodeRequest> = {}): DecodeRequest => ({ id: 1, text, format: 'auto', from: 'client', extensions: '', ...more })

/** RFC 6455 §5.7's masked "Hello", in three spellings. */
const HELLO_FORMATS = ['81 85 37 fa 21 3d 7f 9f 4d 51 58', '00000000: 8185 37fa 213d 7f9f 4d51 58              ..7.!=..MQX', 'gYU3+iE9f59NUVg=']

describe('runDecodeJob', () => {
  it('decodes the same frame from hex, an xxd dump and base64, and says which it recognised', () => {
    const outputs = HELLO_FORMATS.map((text) => runDecodeJob(request(text)))
    expect(outputs.map((o) => o.input?.detail)).toEqual(['space-separated hex', 'xxd', 'base64'])
    for (const o of outputs) {
      expect(o.capture!.messages.map((m) => new TextDecoder().decode(m.data))).toEqual(['Hello'])
      expect(o.capture!.frames[0]).toMatchObject({ opcode: 1, masked: true, payloadLength: 5 })
    }
  })

  it('locates a finding in the paste: its line and column, and its text range', () => {
    const text = '81 02 68 69\n88 02 03 ed'
    const output = runDecodeJob(request(text, { from: 'server' }))
    expect(output.capture!.error?.code).toBe('close.invalid-code')
    const [located] = output.findings
    expect(located.position).toEqual({ line: 2, column: 1 })
    expect(text.slice(located.range!.start, located.range!.end)).toBe('88 02 03 ed')
    expect(findingItems(output)[0].where).toBe('line 2, column 1')
    expect(editorHighlights(output)[0]).toMatchObject({ start: 12, end: 23, severity: 'error' })
  })

  it('says how many bytes a truncated input is missing, and marks its end', () => {
    const output = runDecodeJob(request('81 85 37 fa 21 3d 7f 9f'))
    expect(output.capture).toMatchObject({ truncated: true, missingBytes: 3 })
    expect(editorHighlights(output).at(-1)!.message).toContain('3 more bytes are needed')
  })

  it('reports an unreadable paste with its place, and an unusable extensions value', () => {
    const bad = runDecodeJob(request('81 85 zz'))
    expect(bad.inputError?.message).toMatch(/line 1, column 7/)
    expect(editorHighlights(bad)).toEqual([expect.objectContaining({ start: 6, severity: 'error' })])
    const ext = runDecodeJob(request('81 05 48 65 6c 6c 6f', { extensions: 'permessage-deflate; client_max_window_bits=16' }))
    expect(ext.extensionsProblem).toContain('client_max_window_bits=16')
    expect(ext.capture!.deflate).toBeNull()
  })

  it('inflates with the negotiated extension and sums the compression', () => {
    const example = DECODER_EXAMPLES.find((e) => e.query.extensions === 'permessage-deflate')!
    const output = runDecodeJob({ ...example.query, id: 1 })
    expect(output.capture!.messages.map(messagePreview)).toEqual(['Hello', 'Hello'])
    expect(summarize(output, output.capture!).compressed).toEqual({ count: 2, wire: 12, data: 10 })
  })

  it('reports progress while decoding', () => {
    const phases: string[] = []
    runDecodeJob(request(HELLO_FORMATS[0]), (p) => phases.push(p.phase))
    expect(phases).toEqual(['reading', 'decoding', 'linking'])
  })

  it('decodes every example without an exception', () => {
    for (const { query } of DECODER_EXAMPLES) expect(runDecodeJob({ ...query, id: 1 }).input).not.toBeNull()
  })
})

describe('decoder links', () => {
  it('round-trip the paste, direction, input format and extensions', () => {
    const state = { text: HELLO_FORMATS[1], format: 'hexdump' as const, from: 'server' as const, extensions: 'permessage-deflate; client_max_window_bits=15' }
    const link = encodeDecoderQuery(state)
    expect(link.problem).toBeNull()
    expect(decodeDecoderQuery(link.query)).toEqual({ state, problem: null })
  })

  it('say when a paste is too large for a link, and keep the rest', () => {
    let seed = 1
    const noise = Array.from({ length: 60_000 }, () => ((seed = (seed * 48271) % 2147483647) & 0xff).toString(16).padStart(2, '0')).join(' ')
    const link = encodeDecoderQuery({ text: noise, format: 'auto', from: 'client', extensions: '' })
    expect(link.problem).toMatch(/cannot hold this paste/)
    expect(link.query).toBe('from=client')
    expect(link.query.length).toBeLessThan(MAX_LINK_QUERY)
  })

  it('report a damaged paste instead of ignoring it', () => {
    const { state, problem } = decodeDecoderQuery('from=server&z=AAAAAAAA')
    expect(state.from).toBe('server')
    expect(problem).toMatch(/damaged/)
  })
})

describe('decoder selection', () => {
  it('opens a decode on its error, and a finding selects the frame its bytes are in', () => {
    useDecoderResultStore.getState().finished(runDecodeJob(request('81 02 68 69 88 02 03 ed', { from: 'server' })))
    expect(useDecoderSelectionStore.getState()).toMatchObject({ finding: 0, frame: 1 })
    useDecoderSelectionStore.getState().selectMessage(0)
    expect(useDecoderSelectionStore.getState()).toMatchObject({ message: 0, frame: 0, finding: null })
    expect(frameAt([], 3)).toBeNull()
  })
})

describe('input hex dump marks', () => {
  it('mark each finding at its byte offset, then the chosen frame', () => {
    const output = runDecodeJob(request('81 02 68 69 88 02 03 ed', { from: 'server' }))
    expect(inputHighlights(output, 0)).toEqual([
      expect.objectContaining({ start: 4, end: 8, className: 'hl-error' }),
      expect.objectContaining({ start: 0, end: 4, className: 'hl-frame' }),
    ])
  })
})

describe('maskSuggestsDirection', () => {
  it('offers the other direction when the first frame’s MASK bit contradicts the chosen one', () => {
    expect(maskSuggestsDirection(runDecodeJob(request('81 02 68 69', { from: 'client' })))).toBe('server')
    expect(maskSuggestsDirection(runDecodeJob(request(HELLO_FORMATS[0], { from: 'server' })))).toBe('client')
    expect(maskSuggestsDirection(runDecodeJob(request(HELLO_FORMATS[0], { from: 'client' })))).toBeNull()
    // A later frame masked wrongly is a finding of that frame, not a sign of the wrong direction.
    expect(maskSuggestsDirection(runDecodeJob(request('81 02 68 69 81 82 00 00 00 00 68 69', { from: 'server' })))).toBeNull()
  })
})
