/** No input makes an importer throw or hang: random bytes, and real files damaged at random. */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { utf8Encode } from '../protocol/index.ts'
import { importHar } from './har-import.ts'
import { importFile, probeOf } from './import-file.ts'
import { importerFor } from './importers.ts'
import { CaptureImporter, importCapture } from './pcap-import.ts'
import { importSessionsJson } from './session-json.ts'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)))
const magic = {
  pcap: [0xd4, 0xc3, 0xb2, 0xa1],
  pcapBigNs: [0xa1, 0xb2, 0x3c, 0x4d],
  pcapng: [0x0a, 0x0d, 0x0d, 0x0a],
}

/**
 * Runs an import and checks it returned a result (an exception fails the property), with no
 * internal error caught by the importer's last-resort guard either.
 */
function survives(run: () => { errors: { message: string }[] }): void {
  const started = performance.now()
  const result = run()
  expect(result.errors.filter((e) => e.message.startsWith('internal error'))).toEqual([])
  expect(performance.now() - started).toBeLessThan(2000)
}

describe('robustness', () => {
  it('arbitrary bytes, with or without a capture magic number, never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom([], magic.pcap, magic.pcapBigNs, magic.pcapng, [0x7b]), fc.uint8Array({ maxLength: 2000 }), (head, tail) => {
        const bytes = new Uint8Array([...head, ...tail])
        survives(() => importFile(bytes))
        survives(() => importCapture(bytes))
        survives(() => importHar(bytes))
        survives(() => importSessionsJson(bytes))
      }),
      { numRuns: 500 },
    )
  })

  it('real captures with random bytes overwritten, cut or pushed in random chunks never throw', () => {
    const files = ['ws-plain.pcap', 'ws-deflate.pcapng', 'ws-any-sll2.pcap', 'wss-tls.pcapng'].map(fixture)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5000 }),
        (which, edits, cutAt, chunk) => {
          const bytes = files[which].slice(0, files[which].length - (cutAt % 64))
          for (const [at, value] of edits) bytes[at % bytes.length] = value
          survives(() => importFile(bytes))
          survives(() => {
            const importer = new CaptureImporter({ totalBytes: bytes.length })
            for (let p = 0; p < bytes.length; p += chunk) importer.push(bytes.subarray(p, p + chunk))
            return importer.finish()
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('JSON that is valid but of the wrong shape is refused with a message, not an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = utf8Encode(JSON.stringify({ log: { entries: [value, { _webSocketMessages: [value] }] } }))
        survives(() => importFile(text))
        survives(() => importFile(utf8Encode(JSON.stringify({ format: 'wsinspect-session', version: 1, sessions: [value] }))))
      }),
    )
  })
})

describe('format sniffing', () => {
  it('tells every format from its first bytes', () => {
    const format = (bytes: Uint8Array, whole = true) => importerFor(probeOf(bytes, whole))?.format ?? null
    expect(format(fixture('ws-plain.pcap'))).toBe('pcap')
    expect(format(fixture('ws-deflate-nsec.pcap'))).toBe('pcap')
    expect(format(fixture('ws-plain.pcapng'))).toBe('pcapng')
    expect(format(fixture('chrome.har'))).toBe('har')
    // The first slice of a big JSON file cannot say which JSON format it is.
    expect(format(fixture('chrome.har'), false)).toBeNull()
    expect(format(utf8Encode('\ufeff {"format":"wsinspect-session"}'))).toBe('wsinspect-json')
    expect(format(new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x7b]))).toBeNull()
    expect(format(utf8Encode('hello'))).toBeNull()
    expect(importFile(utf8Encode('hello')).errors).toEqual([
      { message: 'unrecognised file: it starts with 68 65 6c 6c, which is not pcap, pcapng, HAR or wsinspect JSON', offset: 0 },
    ])
    expect(importFile(new Uint8Array(0)).errors[0].message).toBe('unrecognised file: it starts with nothing, which is not pcap, pcapng, HAR or wsinspect JSON')
    expect(importFile(utf8Encode('{"a":1}')).errors[0].message).toMatch(/^JSON file is neither a HAR log/)
  })
})
