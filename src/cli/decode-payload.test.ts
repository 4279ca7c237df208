import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Encoder as SocketIoEncoder } from 'socket.io-parser'
import protobufjs from 'protobufjs'
import fc from 'fast-check'
import { MessageEncoder, concatBytes } from '../protocol/index.ts'
import { protocolSequence } from '../payload/testing/arbitrary-payloads.ts'
import { CHAT_EVENT, CHAT_EVENT_DECODED } from '../payload/testing/socket-io-chat.ts'
import { main } from './main.ts'
import { serialize as serializeBson } from 'bson'
import { encode as encodeCbor } from 'cborg'
import { encode as encodeMsgpack } from '@msgpack/msgpack'
import { zstdRawFrame } from '../payload/testing/zstd-raw-frame.ts'

const BIN = fileURLToPath(new URL('../../bin/wsinspect.mjs', import.meta.url))

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wsinspect-payload-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  const sink = (write: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (write(String(chunk)), done()) }) as unknown as NodeJS.WriteStream
  const status = await main(
    args,
    sink((s) => (stdout += s)),
    sink((s) => (stderr += s)),
  )
  return { status, stdout, stderr }
}

function capture(name: string, from: 'client' | 'server', messages: (string | Uint8Array)[]): string {
  const encoder = new MessageEncoder({ sender: from })
  const frames = messages.map((m) => (typeof m === 'string' ? encoder.text(m) : encoder.binary(m)))
  const path = join(dir, name)
  writeFileSync(path, concatBytes([...frames, encoder.close(1000)]))
  return path
}

const socketIoMessages = () => ['40', ...new SocketIoEncoder().encode(CHAT_EVENT).map((p) => `4${p}`), '3']

describe('wsinspect decode: payload decoding', () => {
  it('--json gives every message a payload per the contract', async () => {
    const r = await run(['decode', capture('sio.bin', 'client', socketIoMessages()), '--from', 'client', '--json'])
    expect(r.status).toBe(0)
    const { messages } = JSON.parse(r.stdout)
    expect(messages.map((m: { payload: { decoder: string } }) => m.payload.decoder)).toEqual(['socket.io', 'socket.io', 'engine.io', null])
    expect(messages[1].payload).toEqual(CHAT_EVENT_DECODED)
    expect(messages[3].payload).toMatchObject({ decoder: null, kind: 'control' })
  })

  it('--stats counts messages per innermost decoder', async () => {
    const r = await run(['decode', capture('sio-stats.bin', 'client', socketIoMessages()), '--from', 'client', '--stats'])
    expect(JSON.parse(r.stdout).payloads).toEqual({ 'socket.io': 2, 'engine.io': 1, null: 1 })
  })

  it('--stats counts what --json names, message for message; --payload none counts every message as null', async () => {
    const messages = [
      ...socketIoMessages(),
      '{"jsonrpc":"2.0","method":"a","id":1}',
      '{"a":1}',
      'plain',
      'MESSAGE\ndestination:/a\n\nx\u0000',
      new Uint8Array([0x82, 0xa1, 0x61, 0x01]),
      // The libraries the command line's bundle loads on first use: BSON, zstd (then JSON), CBOR, MessagePack.
      new Uint8Array(serializeBson({ a: 1, b: 'two' })),
      zstdRawFrame(new TextEncoder().encode('{"a":[1,2]}')),
      encodeCbor({ a: [1, 2], b: 'three' }),
      encodeMsgpack({ a: [1, 2], b: 'four' }),
      // Hundreds more, of every protocol the decoders read (and of none).
      ...fc.sample(protocolSequence, { numRuns: 80, seed: 13 }).flat(),
    ]
    const file = capture('mixed.bin', 'server', messages)
    const json = JSON.parse((await run(['decode', file, '--from', 'server', '--json'])).stdout)
    const tally: Record<string, number> = {}
    for (const m of json.messages) tally[m.payload.decoder ?? 'null'] = (tally[m.payload.decoder ?? 'null'] ?? 0) + 1
    expect(JSON.parse((await run(['decode', file, '--from', 'server', '--stats'])).stdout).payloads).toEqual(tally)
    expect(Object.keys(tally).length).toBeGreaterThan(15)
    const none = JSON.parse((await run(['decode', file, '--from', 'server', '--stats', '--payload', 'none'])).stdout)
    expect(none.payloads).toEqual({ null: messages.length + 1 })
    // The command as installed (the bundle, whose payload libraries load on first use) reads them alike.
    const bundled = spawnSync(process.execPath, [BIN, 'decode', file, '--from', 'server', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    expect(JSON.parse(bundled.stdout).messages.map((m: { payload: unknown }) => m.payload)).toEqual(json.messages.map((m: { payload: unknown }) => m.payload))
  })

  it('--stats finds invalid UTF-8 in JSON-looking text where --payload none and --json do (its JSON scan stands in for the UTF-8 check)', async () => {
    const from = 'server'
    const encoder = new MessageEncoder({ sender: from })
    const text = (bytes: number[]) => encoder.frame({ opcode: 1, fin: true, payload: Uint8Array.from(bytes) })
    const json = (s: string) => [...new TextEncoder().encode(s)]
    const cases = [
      // Overlong, surrogate, cut short, beyond U+10FFFF, a lone continuation byte: in a value, in a key.
      ...[[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]].flatMap((bad) => [
        [...json('{"a":"'), ...bad, ...json('"}')],
        [...json('{"'), ...bad, ...json('":1}')],
      ]),
      // Not JSON and not UTF-8 (the scan says "not known").
      [...json('{"a":'), 0xff, ...json('}')],
      [0xc3, 0x28],
    ]
    for (const [n, bad] of cases.entries()) {
      const file = join(dir, `bad-utf8-${n}.bin`)
      writeFileSync(file, concatBytes([encoder.text('{"ok":1}'), text(bad), encoder.text('{"ok":2}')]))
      const stats = JSON.parse((await run(['decode', file, '--from', from, '--stats'])).stdout)
      const none = JSON.parse((await run(['decode', file, '--from', from, '--stats', '--payload', 'none'])).stdout)
      const full = JSON.parse((await run(['decode', file, '--from', from, '--json'])).stdout)
      expect(stats.error).toMatchObject({ closeCode: 1007, offset: 10 })
      expect({ ...stats, payloads: null }).toEqual({ ...none, payloads: null })
      expect(stats.error).toEqual(full.error)
      expect([stats.frames, stats.messages]).toEqual([full.frames.length, full.messages.length])
      expect(stats.payloads).toEqual({ json: 1 })
    }
  })

  it('--stats reads a large raw file piece by piece to the same counts as the whole input', async () => {
    // Messages of every size, so that frames straddle the 256 KiB pieces; a close at the end.
    const messages = Array.from({ length: 500 }, (_, i) =>
      i % 7 === 0 ? new Uint8Array(i * 20).fill(i & 0xff) : JSON.stringify({ i, pad: 'x'.repeat((i * 37) % 5000) }),
    )
    const raw = capture('big.bin', 'client', messages)
    const bytes = readFileSync(raw)
    expect(bytes.length).toBeGreaterThan(4 * 256 * 1024)
    const hex = join(dir, 'big.hex')
    writeFileSync(hex, bytes.toString('hex'))
    const whole = JSON.parse((await run(['decode', hex, '--from', 'client', '--stats'])).stdout)
    for (const input of ['auto', 'raw']) {
      const pieces = JSON.parse((await run(['decode', raw, '--from', 'client', '--stats', '--input', input])).stdout)
      expect({ ...pieces, file: hex }).toEqual(whole)
    }
    expect(whole).toMatchObject({ messages: 501, error: null, truncated: false })
    expect(whole.payloads.json).toBe(431)
    // Cut short: the last piece ends inside a frame.
    const cut = join(dir, 'cut.bin')
    writeFileSync(cut, bytes.subarray(0, bytes.length - 3))
    expect(JSON.parse((await run(['decode', cut, '--from', 'client', '--stats'])).stdout)).toMatchObject({ messages: 500, truncated: true })
  })

  it('--stats of a large file as installed (payloads named on a worker thread) matches one thread, stops at invalid UTF-8 alike', async () => {
    const encoder = new MessageEncoder({ sender: 'server' })
    const block = concatBytes([
      ...Array.from({ length: 2000 }, (_, i) => encoder.text(JSON.stringify({ i, user: 'ü', tags: ['a', i % 3 ? null : 1.5] }))),
      ...socketIoMessages().map((m) => encoder.text(m)),
      encoder.text('plain'),
      encoder.binary(encodeMsgpack({ a: [1, 2] })),
      encoder.ping(),
    ])
    const copies = Math.ceil((3 * 1024 * 1024) / block.length)
    const body = concatBytes(Array.from({ length: copies }, () => block))
    const invalid = encoder.frame({ opcode: 1, fin: true, payload: Uint8Array.from([0x7b, 0x22, 0xc0, 0x80, 0x22, 0x3a, 0x31, 0x7d]) })
    for (const [name, tail] of [
      ['large.bin', [encoder.close(1000)]],
      ['large-bad.bin', [invalid, encoder.text('{"after":1}')]],
    ] as const) {
      const file = join(dir, name)
      writeFileSync(file, concatBytes([body, ...tail]))
      const env = { ...process.env, WSINSPECT_STATS_WORKER: 'always' }
      const installed = spawnSync(process.execPath, [BIN, 'decode', file, '--from', 'server', '--stats'], { encoding: 'utf8', env })
      const here = await run(['decode', file, '--from', 'server', '--stats'])
      expect(installed.status).toBe(0)
      // The worker did the counting (a failed one is told of on standard error).
      expect(installed.stderr).toBe('')
      expect(JSON.parse(installed.stdout)).toEqual(JSON.parse(here.stdout))
      expect(JSON.parse(here.stdout).error?.closeCode ?? null).toBe(name === 'large.bin' ? null : 1007)
    }
  })

  it('decode --help lists the payload decoders', async () => {
    const r = await run(['decode', '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/--payload auto\|none\|ID[\s\S]*socket\.io, sockjs, stomp/)
  })

  it('--subprotocol picks the decoder; --payload none and lists', async () => {
    const file = capture('stomp.bin', 'server', ['MESSAGE\ndestination:/a\n\nx\u0000', '\n'])
    const sub = JSON.parse((await run(['decode', file, '--from', 'server', '--subprotocol', 'v12.stomp', '--json'])).stdout)
    expect(sub.messages.map((m: { payload: { kind: string } }) => m.payload.kind)).toEqual(['event', 'heartbeat', 'control'])
    const none = JSON.parse((await run(['decode', file, '--from', 'server', '--payload', 'none', '--json'])).stdout)
    expect(none.messages[0].payload).toMatchObject({ decoder: null, layers: [] })
    const forced = JSON.parse((await run(['decode', file, '--from', 'server', '--payload', 'text', '--json'])).stdout)
    expect(forced.messages[0].payload).toMatchObject({ decoder: 'text', value: 'MESSAGE\ndestination:/a\n\nx\u0000' })
  })

  it('--proto/--proto-type name protobuf fields', async () => {
    const proto = 'syntax = "proto3"; package shop; message Order { string item = 1; uint32 count = 2; }'
    const protoFile = join(dir, 'shop.proto')
    writeFileSync(protoFile, proto)
    const T = protobufjs.parse(proto).root.lookupType('shop.Order')
    const file = capture('pb.bin', 'server', [T.encode(T.fromObject({ item: 'tea', count: 2 })).finish()])
    const r = JSON.parse((await run(['decode', file, '--from', 'server', '--proto', protoFile, '--proto-type', 'shop.Order', '--json'])).stdout)
    expect(r.messages[0].payload).toMatchObject({ decoder: 'protobuf', value: { item: 'tea', count: 2 } })
  })

  it('bad payload flags are usage errors (exit 2, one line)', async () => {
    const file = capture('x.bin', 'server', ['x'])
    const bad = await run(['decode', file, '--from', 'server', '--payload', 'yaml'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--payload: unknown decoder "yaml"/)
    const badProto = join(dir, 'bad.proto')
    writeFileSync(badProto, 'message {')
    const p = await run(['decode', file, '--from', 'server', '--proto', badProto])
    expect(p.status).toBe(2)
    expect(p.stderr).toMatch(/does not parse/)
    expect((await run(['decode', file, '--from', 'server', '--proto-type', 'a.B'])).stderr).toMatch(/--proto-type needs --proto/)
  })
})
