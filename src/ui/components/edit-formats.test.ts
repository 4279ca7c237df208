import { describe, expect, it } from 'vitest'
import { fromEditText, toEditText } from './edit-formats.ts'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('held message edit formats', () => {
  it('round-trips text, JSON (sent compact) and hex', () => {
    expect(toEditText(bytes('{"a":1}'), 'json')).toBe('{\n  "a": 1\n}')
    expect(fromEditText('{\n  "a": 2\n}', 'json')).toEqual({ ok: true, value: bytes('{"a":2}') })
    expect(toEditText(new Uint8Array([0xde, 0xad]), 'hex')).toBe('de ad')
    expect(fromEditText('de:ad BE ef', 'hex')).toEqual({ ok: true, value: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) })
    expect(fromEditText('héllo', 'text')).toEqual({ ok: true, value: bytes('héllo') })
  })

  it('shows bytes that are not UTF-8 as hex, and says what is wrong with bad input', () => {
    expect(toEditText(new Uint8Array([0xff, 0x00]), 'text')).toBe('ff 00')
    expect(fromEditText('{', 'json')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON/) })
    expect(fromEditText('abc', 'hex')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not hex bytes/) })
  })
})
