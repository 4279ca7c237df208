import { describe, expect, it } from 'vitest'
import { diffTexts } from './diff-text.ts'

const enc = (s: string) => new TextEncoder().encode(s)

describe('texts to diff', () => {
  it('pretty JSON when both payloads parse', () => {
    const [a, b] = diffTexts(enc('{"a":1,"b":2}'), enc('{"a":1,"b":3}'))
    expect(a).toEqual({ text: '{\n  "a": 1,\n  "b": 2\n}', language: 'json' })
    expect(b.text.split('\n')[2]).toBe('  "b": 3')
  })

  it('text when both are UTF-8 but not both JSON', () => {
    expect(diffTexts(enc('{"a":1}'), enc('hello'))).toEqual([
      { text: '{"a":1}', language: 'plaintext' },
      { text: 'hello', language: 'plaintext' },
    ])
  })

  it('hex, sixteen bytes a line, when either is not UTF-8', () => {
    const bytes = new Uint8Array(20).map((_, i) => 0xec + i)
    const [a, b] = diffTexts(bytes, enc('hi'))
    expect(a.text).toBe('ec ed ee ef f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb\nfc fd fe ff')
    expect(b.text).toBe('68 69')
  })
})
