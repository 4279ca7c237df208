import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importFile } from './import-file.ts'
import { exportSessionsJson, importSessionsJson } from './session-json.ts'
import { arbitrarySession } from './testing/arbitrary-session.ts'
import { utf8Encode } from '../protocol/index.ts'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)))

describe('lossless session JSON', () => {
  it('gives back exactly the sessions of a capture (frames, findings, events, handshake)', () => {
    const { sessions } = importFile(fixture('ws-deflate.pcapng'))
    const back = importFile(utf8Encode(exportSessionsJson(sessions)))
    expect(back.errors).toEqual([])
    expect(back.format).toBe('wsinspect-json')
    expect(back.sessions).toEqual(sessions)
  })

  it('round-trips any session exactly', () => {
    fc.assert(
      fc.property(fc.array(arbitrarySession, { maxLength: 3 }), (sessions) => {
        const back = importSessionsJson(exportSessionsJson(sessions))
        expect(back.errors).toEqual([])
        // toEqual, not toStrictEqual: fast-check builds some records without a prototype.
        expect(back.sessions).toEqual(sessions)
      }),
      { numRuns: 200 },
    )
  })

  it('says which field is wrong, and keeps the valid sessions', () => {
    const { sessions } = importFile(fixture('ws-plain.pcap'))
    const file = JSON.parse(exportSessionsJson([sessions[0], sessions[0], sessions[0]]))
    file.sessions[0].messages[3].data = 'not base64!'
    delete file.sessions[1].info.url
    file.sessions[2].frames[0].extra = 1
    const result = importSessionsJson(JSON.stringify(file))
    expect(result.errors.map((e) => e.message)).toEqual([
      'sessions[0].messages[3].data: expected base64 bytes, got "not base64!"; session left out',
      'sessions[1].info.url: expected a string, got nothing; session left out',
      'sessions[2].frames[0].extra: unknown field; session left out',
    ])
    const good = JSON.parse(exportSessionsJson([sessions[0]]))
    good.sessions.push({ info: 'nope' })
    const partly = importSessionsJson(JSON.stringify(good))
    expect(partly.sessions).toEqual([sessions[0]])
    expect(partly.errors).toEqual([{ message: 'sessions[1].info: expected an object, got "nope"; session left out', offset: 0 }])
  })

  it('refuses other formats and versions, and reports where JSON breaks', () => {
    expect(importSessionsJson('{"format":"wsinspect-session","version":2,"sessions":[]}').errors[0].message).toBe(
      'wsinspect session file version 2 is not supported (this version reads 1)',
    )
    expect(importSessionsJson('{"format":"other"}').errors[0].message).toBe('not a wsinspect session file: "format" must be "wsinspect-session"')
    const broken = importSessionsJson('{"format": "wsinspect-session", "version": 1,, }')
    expect(broken.errors[0].message).toMatch(/^not valid JSON: /)
    expect(broken.errors[0].offset).toBe(45)
  })
})
