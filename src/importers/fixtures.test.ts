/**
 * The importer on real captures (recorded by scripts/record-fixtures.sh from `ws` traffic on
 * loopback), checked against the script the traffic followed and against tshark's own
 * WebSocket dissector.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodeBase64, utf8Decode } from '../protocol/index.ts'
import type { Session } from '../shared/session.ts'
import { importFile } from './import-file.ts'

const dir = new URL('./testdata/', import.meta.url)
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)))
const load = (name: string) => importFile(read(name))

interface Expected {
  sender: string
  type: string
  text?: string
  base64?: string
  closeCode?: number
  repeat?: number
}
const expected: Expected[] = JSON.parse(readFileSync(new URL('expected-messages.json', dir), 'utf8'))

/** The session's messages in the form of expected-messages.json. */
function asExpected(session: Session): Expected[] {
  return session.messages.map((m) => {
    if (m.type === 'close') return { sender: m.sender, type: m.type, closeCode: m.closeCode!, text: m.closeReason! }
    if (m.type === 'binary') return { sender: m.sender, type: m.type, base64: encodeBase64(m.data) }
    return { sender: m.sender, type: m.type, text: utf8Decode(m.data) }
  })
}
const wanted = expected.map(({ repeat, ...e }) => (repeat ? { ...e, text: e.text!.repeat(repeat) } : e))

describe('recorded captures', () => {
  const complete: [string, boolean][] = [
    ['ws-plain.pcapng', false],
    ['ws-plain.pcap', false],
    ['ws-deflate.pcapng', true],
    ['ws-deflate-nsec.pcap', true],
    ['ws-ipv6-deflate.pcapng', true],
    ['ws-any-sll.pcap', false],
    ['ws-any-sll2.pcap', true],
  ]
  for (const [file, deflate] of complete) {
    it(`${file}: every message of the script, ${deflate ? 'inflated with the captured permessage-deflate parameters' : 'uncompressed'}`, () => {
      const result = load(file)
      expect(result.errors).toEqual([])
      expect(result.sessions).toHaveLength(1)
      const [session] = result.sessions
      expect(asExpected(session)).toEqual(wanted)
      expect(session.findings).toEqual([])
      expect(session.info.framesReal).toBe(true)
      expect(session.info.extensions?.startsWith('permessage-deflate') ?? false).toBe(deflate)
      expect(session.messages.filter((m) => m.type === 'text' || m.type === 'binary').every((m) => m.compressed === deflate)).toBe(true)
      // The fragmented message is two frames; every frame's bytes are the real ones.
      expect(session.messages.find((m) => utf8Decode(m.data).startsWith('first fragment'))?.frameCount).toBe(2)
      expect(session.frames).toHaveLength(wanted.length + 1)
      for (const frame of session.frames) expect(frame.header[1] & 0x80).toBe(frame.sender === 'client' ? 0x80 : 0)
      expect(session.events.map((e) => e.kind)).toEqual(['connecting', 'open', 'closed'])
    })
  }

  it('wss-tls.pcapng: the TLS connection is listed with its server name, not decoded', () => {
    const result = load('wss-tls.pcapng')
    expect(result.connections.map((c) => c.kind)).toEqual(['tls'])
    const [session] = result.sessions
    expect(session.info.url).toBe('wss://wsinspect.test')
    expect(session.info.notes).toEqual(['TLS: not decodable without keys', 'server name (SNI): wsinspect.test'])
    expect(session.messages).toEqual([])
  })

  it('tcp-mangled.pcap: reordered, repeated, overlapping and contradicting segments give the same messages', () => {
    const [session] = load('tcp-mangled.pcap').sessions
    // The server's first message now completes later (its segments were swapped): compare per side.
    for (const sender of ['client', 'server']) {
      expect(asExpected(session).filter((m) => m.sender === sender)).toEqual(wanted.filter((m) => m.sender === sender))
    }
    expect(session.info.notes).toEqual([
      'client → server: 1 retransmitted byte differs from the bytes first seen (from the segment at stream offset 508); the first-seen bytes were kept',
      'server → client: 1 retransmitted or overlapping segment, with the same bytes',
    ])
  })

  it('tcp-gap.pcap: the lost server segment (a whole Pong frame) is noted, and the server side decodes on after it', () => {
    const [session] = load('tcp-gap.pcap').sessions
    expect(session.info.notes).toEqual([
      'server → client: 13 bytes missing at stream offset 3,148 (not captured), before the packet captured at 2026-11-24T06:10:08.659Z; WebSocket decoding resumed right after it, where a frame starts',
    ])
    const got = asExpected(session)
    expect(got.filter((m) => m.sender === 'client')).toEqual(wanted.filter((m) => m.sender === 'client'))
    expect(got.filter((m) => m.sender === 'server')).toEqual(wanted.filter((m) => m.sender === 'server' && m.type !== 'pong'))
    expect(session.messages.every((m) => m.gap === undefined)).toBe(true)
  })

  it('truncated.pcapng: says where the file ends and keeps the messages before', () => {
    const result = load('truncated.pcapng')
    expect(result.errors).toEqual([{ message: 'truncated pcapng block at byte 6,104: 50,276 bytes declared, 41,442 present', offset: 6104 }])
    const got = asExpected(result.sessions[0])
    expect(got.length).toBeGreaterThan(5)
    expect(got).toEqual(wanted.filter((m) => got.some((g) => g.sender === m.sender && g.type === m.type && g.text === m.text && g.base64 === m.base64)))
  })

  it('bad-block-length.pcapng: names the block, the byte and the rule, and keeps what came before', () => {
    const result = load('bad-block-length.pcapng')
    expect(result.errors).toEqual([{ message: 'pcapng enhanced packet block at byte 1,508: block length 8 is shorter than the 12-byte minimum', offset: 1508 }])
    expect(asExpected(result.sessions[0])).toEqual(wanted.slice(0, 2))
  })
})

const tshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe.skipIf(!tshark)('tshark as an independent oracle', () => {
  for (const file of ['ws-plain.pcapng', 'ws-deflate.pcapng', 'ws-ipv6-deflate.pcapng', 'ws-any-sll2.pcap']) {
    it(`${file}: the same frames as tshark's WebSocket dissector`, () => {
      const fields = ['tcp.srcport', 'websocket.opcode', 'websocket.fin', 'websocket.rsv', 'websocket.payload_length', 'websocket.mask']
      const out = execFileSync(
        'tshark',
        ['-r', new URL(file, dir).pathname, '-Y', 'websocket', '-T', 'fields', '-E', 'aggregator=|', ...fields.flatMap((f) => ['-e', f])],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
      const [session] = load(file).sessions
      const serverPort = session.info.endpoints!.server.split(':').at(-1)
      const theirs = out
        .trim()
        .split('\n')
        .flatMap((line) => {
          const [port, ...columns] = line.split('\t').map((c) => c.split('|'))
          return columns[0].map((_, i) => [port[0] === serverPort ? 'server' : 'client', ...columns.map((c) => Number(c[i]))].join(' '))
        })
      const ours = session.frames.map((f) =>
        [f.sender, f.header[0] & 0x0f, f.header[0] >> 7, (f.header[0] >> 4) & 0x7, f.header[1] & 0x7f, f.header[1] >> 7].join(' '),
      )
      const bySender = (list: string[], sender: string) => list.filter((l) => l.startsWith(sender))
      expect(bySender(ours, 'client')).toEqual(bySender(theirs, 'client'))
      expect(bySender(ours, 'server')).toEqual(bySender(theirs, 'server'))
    })
  }
})
