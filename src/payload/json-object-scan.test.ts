import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isPlainJsonObject, JsonKeySet } from './json-object-scan.ts'
import { adversarialJsonBytes, PROTOCOL_KEYS } from './testing/adversarial-json.ts'

const keys = new JsonKeySet(PROTOCOL_KEYS)
const utf8 = (s: string) => new TextEncoder().encode(s)
const strict = new TextDecoder('utf-8', { fatal: true })

/** What the scan must agree with: strict UTF-8, then JSON.parse, then the object's own keys. */
function parsedObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(strict.decode(bytes))
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

describe('isPlainJsonObject', () => {
  it('says yes only to one JSON object, in valid UTF-8, none of whose own keys is looked for', () => {
    fc.assert(
      fc.property(adversarialJsonBytes, (bytes) => {
        if (!isPlainJsonObject(bytes, keys)) return
        const v = parsedObject(bytes)
        expect(bytes[0]).toBe(0x7b)
        expect(v).not.toBeNull()
        expect(Object.keys(v!).filter((k) => PROTOCOL_KEYS.includes(k))).toEqual([])
      }),
      { numRuns: 5000 },
    )
  })

  it('says yes to every such object written without escapes in its top-level keys', () => {
    const plainKey = fc.string({ maxLength: 8 }).filter((k) => !PROTOCOL_KEYS.includes(k) && JSON.stringify(k) === `"${k}"`)
    fc.assert(
      fc.property(fc.dictionary(plainKey, fc.jsonValue()), fc.constantFrom(undefined, 1, '\t', ' \r\n'), (object, indent) => {
        expect(isPlainJsonObject(utf8(JSON.stringify(object, null, indent)), keys)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('reads only b[start, end): the same answer for the bytes inside any larger buffer', () => {
    fc.assert(
      fc.property(adversarialJsonBytes, fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 }), (bytes, before, after) => {
        const around = Uint8Array.from([...before, ...bytes, ...after])
        expect(isPlainJsonObject(around, keys, before.length, before.length + bytes.length)).toBe(isPlainJsonObject(bytes, keys))
      }),
      { numRuns: 3000 },
    )
  })

  it.each([
    ['numbers of any size', '{"a":1e999,"b":-0.5E-3,"c":123456789012345678901234567890}', true],
    ['escapes and lone surrogates in values', '{"a":"\\ud800\\n\\u00e9\\"\\\\\\/"}', true],
    ['raw non-ASCII text', '{"é":"日本\u{1f600}"}', true],
    ['duplicate keys', '{"a":1,"a":2}', true],
    ['white space after the object', '{"a":1} \r\n\t', true],
    ['a looked-for key nested deeper', '{"a":{"type":"next","id":1}}', true],
    ['a looked-for key', '{"a":1,"id":2}', false],
    ['a top-level key written with an escape', '{"typ\\u0065":"next"}', false],
    ['an escape in any top-level key', '{"a\\n":1}', false],
    ['a SignalR record (ends with 0x1e)', '{"type":6}\u001e', false],
    ['white space first', ' {"a":1}', false],
    ['a byte order mark first', '\ufeff{"a":1}', false],
    ['a raw control character in a string', '{"a":"\t"}', false],
    ['a leading zero', '{"a":01}', false],
    ['a trailing comma', '{"a":[1,],"b":2}', false],
    ['vertical tab as white space', '{"a":\u000b1}', false],
    ['an array', '[{"a":1}]', false],
    ['a second value', '{"a":1}{}', false],
    ['mismatched brackets', '{"a":[1}}', false],
    ['nesting deeper than 256', `{"a":${'['.repeat(300)}${']'.repeat(300)}}`, false],
  ])('%s', (_name, text, expected) => {
    expect(isPlainJsonObject(utf8(text), keys)).toBe(expected)
  })

  it('refuses invalid UTF-8 inside strings: overlong, surrogate, cut short, beyond U+10FFFF', () => {
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xff]]) {
      expect(isPlainJsonObject(Uint8Array.from([...utf8('{"a":"'), ...bad, ...utf8('"}')]), keys)).toBe(false)
    }
  })
})
