import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { utf8Encode } from '../protocol/index.ts'
import { importFile, probeOf } from './import-file.ts'
import { formatLabel, importerFor, IMPORTERS } from './importers.ts'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)))

describe('the importer registry', () => {
  it('has one importer per format, each with its words', () => {
    expect(IMPORTERS.map((i) => i.format)).toEqual(['pcap', 'pcapng', 'wsinspect-json', 'har'])
    expect(formatLabel('pcapng')).toBe('pcapng capture')
    expect(formatLabel('unknown')).toBe('unrecognised file')
  })

  it('importFile hands each file to the importer that recognises it', () => {
    for (const name of ['ws-plain.pcap', 'ws-plain.pcapng', 'chrome.har']) {
      const bytes = fixture(name)
      const importer = importerFor(probeOf(bytes))!
      expect(importFile(bytes).format).toBe(importer.format)
      expect(importFile(bytes).sessions.length).toBeGreaterThan(0)
    }
  })

  it('the capture formats can be read slice by slice, with the same result as whole', () => {
    const bytes = fixture('ws-plain.pcapng')
    const stream = importerFor(probeOf(bytes.subarray(0, 64), false))!.stream!({ totalBytes: bytes.length })
    for (let at = 0; at < bytes.length; at += 1000) stream.push(bytes.subarray(at, at + 1000))
    const sliced = stream.finish()
    expect(sliced.sessions.map((s) => s.messages.length)).toEqual(importFile(bytes).sessions.map((s) => s.messages.length))
  })

  it('refuses what no importer recognises, saying what it is', () => {
    expect(importFile(utf8Encode('{"hello": 1}')).errors[0].message).toMatch(/neither a HAR log/)
    expect(importFile(utf8Encode('{"hello": ')).errors[0].message).toMatch(/^not valid JSON/)
    expect(importFile(utf8Encode('GIF89a')).errors[0].message).toMatch(/^unrecognised file: it starts with 47 49 46 38/)
  })
})
