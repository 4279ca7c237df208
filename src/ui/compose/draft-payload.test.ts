import { describe, expect, it } from 'vitest'
import { draftPayload, formatJson, jsonProblem } from './draft-payload.ts'

describe('draftPayload', () => {
  it('sends text as it is and JSON only when it parses', () => {
    expect(draftPayload('text', '{oops')).toEqual({ ok: true, value: '{oops' })
    expect(draftPayload('json', '{"a":1}')).toEqual({ ok: true, value: '{"a":1}' })
    const bad = draftPayload('json', '{\n  "a": 1,\n}')
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error).toMatch(/^Invalid JSON at line 3, column 1/)
  })

  it('reads binary from hex in the usual spellings', () => {
    const ok = draftPayload('binary', '81:85:37:fa')
    expect(ok.ok && [...(ok.value as Uint8Array)]).toEqual([0x81, 0x85, 0x37, 0xfa])
    expect(draftPayload('binary', 'zz')).toMatchObject({ ok: false, error: expect.stringMatching(/^Hex: /) })
  })
})

describe('JSON helpers', () => {
  it('formats and explains', () => {
    expect(formatJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}')
    expect(formatJson('nope')).toBeNull()
    expect(jsonProblem('[1, 2]')).toBeNull()
  })
})

describe('MessagePack and CBOR from JSON', () => {
  it('encodes the JSON body with the library the decoders read it with', async () => {
    const { decode: msgpackDecode } = await import('@msgpack/msgpack')
    const { decode: cborDecode } = await import('cborg')
    const mp = draftPayload('msgpack', '{"a":[1,"x"]}')
    const cb = draftPayload('cbor', '{"a":[1,"x"]}')
    if (!mp.ok || !cb.ok || typeof mp.value === 'string' || typeof cb.value === 'string') throw new Error('expected bytes')
    expect(msgpackDecode(mp.value)).toEqual({ a: [1, 'x'] })
    expect(cborDecode(cb.value)).toEqual({ a: [1, 'x'] })
    expect(draftPayload('cbor', '{oops')).toMatchObject({ ok: false })
  })
})
