import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { acceptSteps, computeAccept, isValidKey, keyByteLength, WEBSOCKET_GUID } from './accept.ts'
import { decodeBase64, encodeBase64 } from './base64.ts'

// Node's crypto and Buffer serve only as independent oracles here; the code under test uses neither.
const oracleAccept = (key: string) =>
  createHash('sha1')
    .update(key + WEBSOCKET_GUID, 'utf8')
    .digest('base64')

describe('computeAccept', () => {
  it('reproduces the RFC 6455 §1.3 example', () => {
    expect(computeAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
  })

  it("reproduces the seed's devtools exchange", () => {
    expect(computeAccept('1vussGWDtsH15oom9XZ4dA==')).toBe('l8FmF5BgtKZlWFMKwbxchPk1jhg=')
  })

  it('ignores white space around the key, as a client does (§4.1)', () => {
    expect(computeAccept('  dGhlIHNhbXBsZSBub25jZQ==\t')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
  })

  it('uses the key as a string, whatever it contains', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (key) => {
        expect(computeAccept(key)).toBe(oracleAccept(key.trim()))
      }),
    )
  })
})

describe('acceptSteps', () => {
  it('shows each step of the RFC 6455 §1.3 example', () => {
    expect(acceptSteps('dGhlIHNhbXBsZSBub25jZQ==')).toEqual({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      concatenated: 'dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      // The digest the RFC prints as 0xb3 0x7a 0x4f 0x2c …
      sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    })
  })
})

describe('isValidKey', () => {
  it.each([
    ['dGhlIHNhbXBsZSBub25jZQ==', true],
    ['1vussGWDtsH15oom9XZ4dA==', true],
    [' 1vussGWDtsH15oom9XZ4dA== ', true],
    ['', false],
    ['dGhlIHNhbXBsZSBub25jZQ', false], // padding missing
    ['dGhlIHNhbXBsZSBub25j', false], // 15 bytes
    ['dGhlIHNhbXBsZSBub25jZQ1=', false], // 17 bytes
    ['dGhlIHNhbXBsZSBub25jZQ==dGhl', false],
    ['dGhlIHNhbXBsZSBub25-ZQ==', false], // base64url alphabet
    ['dGhlIHNhbXBsZSBub25jZQ=A', false], // padding in the middle
    ['the sample nonce', false], // 16 characters, not 16 bytes
  ])('%j → %s', (key, valid) => {
    expect(isValidKey(key)).toBe(valid)
  })

  it('accepts exactly the encodings of 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (bytes) => {
        const key = encodeBase64(bytes)
        expect(isValidKey(key)).toBe(bytes.length === 16)
        expect(keyByteLength(key)).toBe(bytes.length)
      }),
    )
  })
})

describe('base64', () => {
  it('matches Buffer for any bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64')
        expect(encodeBase64(bytes)).toBe(text)
        expect(decodeBase64(text)).toEqual(bytes)
      }),
    )
  })

  it('rejects text that is not padded standard base64', () => {
    for (const text of ['A', 'AB', 'ABC', 'A===', '====', 'AB=C', 'ab_-', 'AB\u00e9=', 'AB C']) {
      expect(decodeBase64(text), text).toBeNull()
    }
  })

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => void decodeBase64(text)))
  })
})
