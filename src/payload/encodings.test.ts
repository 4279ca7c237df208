import { describe, expect, it } from 'vitest'
import { encode as msgpackEncode, ExtData } from '@msgpack/msgpack'
import { encode as cborEncode } from 'cborg'
import { serialize as bsonSerialize, ObjectId, Long, Binary } from 'bson'
import protobufjs from 'protobufjs'
import { gzipSync, deflateSync, deflateRawSync, constants } from 'node:zlib'
import { Deflate, Z_SYNC_FLUSH } from 'pako'
import { bytesOf, decodeAll } from './testing/decode-all.ts'
import { loadProtoSchema } from './proto-schema.ts'
import { zstdRawFrame } from './testing/zstd-raw-frame.ts'

const one = (m: string | Uint8Array, settings = {}) => decodeAll([m], 'server', settings)[0]

describe('binary encodings', () => {
  it('MessagePack (@msgpack/msgpack): maps, bytes, big integers, extension types', () => {
    const bytes = msgpackEncode(
      { a: 1, bin: new Uint8Array([1, 2]), big: 2n ** 60n, ext: new ExtData(7, new Uint8Array([0xff])), when: new Date(0) },
      { useBigInt64: true },
    )
    const p = one(bytes)
    expect(p).toMatchObject({ decoder: 'msgpack', layers: ['msgpack'], kind: 'data', correlation: null, errors: [] })
    expect(p.value).toEqual({
      a: 1,
      bin: { $binary: '0102' },
      big: { $bigint: String(2n ** 60n) },
      ext: { $ext: 7, value: { $binary: 'ff' } },
      when: { $ext: -1, value: '1970-01-01T00:00:00.000Z' },
    })
  })

  it('CBOR (cborg): tags kept as $tag, self-described CBOR recognised', () => {
    expect(one(cborEncode({ list: [1, 'two', true] })).value).toEqual({ list: [1, 'two', true] })
    // tag 32 (URI) "a", tag 1 (epoch time) 0, and a 2^64 - 1 integer
    const tagged = Uint8Array.from([0x83, 0xd8, 0x20, 0x61, 0x61, 0xc1, 0x00, 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    const p = one(tagged, { payload: ['cbor'] })
    expect(p.value).toEqual([{ $tag: 32, value: 'a' }, { $tag: 1, value: 0 }, { $bigint: '18446744073709551615' }])
    expect(one(Uint8Array.from([0xd9, 0xd9, 0xf7, 0x01])).decoder).toBe('cbor')
    // tag 2 bignum 2^64 → $bigint
    expect(one(Uint8Array.from([0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]), { payload: ['cbor'] }).value).toEqual({ $bigint: '18446744073709551616' })
  })

  it('BSON (bson): ObjectId, Long, Binary', () => {
    const id = new ObjectId('64b7f0c2a1b2c3d4e5f60718')
    const p = one(bytesOf(bsonSerialize({ _id: id, n: Long.fromBigInt(2n ** 62n), b: new Binary(new Uint8Array([9])), s: 'x' })))
    expect(p).toMatchObject({ decoder: 'bson', layers: ['bson'] })
    expect(p.value).toEqual({ _id: { $oid: '64b7f0c2a1b2c3d4e5f60718' }, n: { $bigint: String(2n ** 62n) }, b: { $binary: '09' }, s: 'x' })
  })

  const PROTO = `syntax = "proto3"; package demo;
    message Price { string symbol = 1; int64 cents = 2; repeated string tags = 3; Inner inner = 4; }
    message Inner { bool ok = 1; }`
  const price = () => {
    const root = protobufjs.parse(PROTO).root
    const T = root.lookupType('demo.Price')
    return T.encode(T.fromObject({ symbol: 'ACME', cents: 12345, tags: ['a', 'b'], inner: { ok: true } })).finish()
  }

  it('protobuf without a schema: field numbers, nested guesses', () => {
    const p = one(price(), { payload: ['protobuf'] })
    expect(p.value).toEqual({ 1: 'ACME', 2: 12345, 3: ['a', 'b'], 4: { 1: 1 } })
  })

  it('protobuf with a user .proto (protobufjs parse): named fields', () => {
    const loaded = loadProtoSchema(PROTO, 'demo.Price')
    const p = one(price(), { options: { proto: loaded.ok ? loaded.value : null } })
    expect(p).toMatchObject({ decoder: 'protobuf', errors: [] })
    expect(p.value).toEqual({ symbol: 'ACME', cents: 12345, tags: ['a', 'b'], inner: { ok: true } })
  })

  it('a bad .proto or type gets one specific line', () => {
    const errorOf = (r: ReturnType<typeof loadProtoSchema>) => (r.ok ? null : r.error)
    expect(errorOf(loadProtoSchema('message {', null))).toMatch(/does not parse/)
    expect(errorOf(loadProtoSchema(PROTO, 'demo.Nope'))).toMatch(/no message type "demo.Nope".*demo.Price/)
    expect(errorOf(loadProtoSchema(PROTO, null))).toMatch(/several message types/)
  })

  it('broken binary gets errors with offsets, never a throw', () => {
    const cut = msgpackEncode({ hello: 'world' }).subarray(0, 6)
    const p = one(cut, { payload: ['msgpack'] })
    expect(p.decoder).toBe('msgpack')
    expect(p.errors.length).toBe(1)
    expect(p.value).toEqual({ $binary: Buffer.from(cut).toString('hex') })
    expect(one(Uint8Array.from([0x0a, 0x05, 0x41]), { payload: ['protobuf'] }).errors[0]).toMatchObject({ offset: 1 })
  })

  it('a MessagePack header claiming more items than the message has bytes is refused at once', () => {
    // array 32 and map 32 of 0xdddddddd items, nested too: sniffing a run of 0xdd bytes once took seconds.
    for (const bytes of [new Uint8Array(9000).fill(0xdd), Uint8Array.from([0x91, 0xdf, 0xff, 0xff, 0xff, 0xff, 0x00])]) {
      expect(one(bytes, { payload: ['msgpack'] }).errors[0].message).toMatch(/Max length exceeded/)
    }
  })
})

describe('app-level compression', () => {
  const doc = JSON.stringify({ op: 0, d: { hello: 'world'.repeat(20) } })
  it.each([
    ['gzip', gzipSync(doc)],
    ['zlib', deflateSync(doc)],
    ['zstd', zstdRawFrame(new TextEncoder().encode(doc))],
  ] as const)('%s is a layer before JSON', (id, compressed) => {
    const p = one(bytesOf(compressed))
    expect(p).toMatchObject({ decoder: 'json', layers: [id, 'json'], errors: [] })
    expect(p.value).toEqual(JSON.parse(doc))
  })

  it('deflate-raw when named', () => {
    expect(one(bytesOf(deflateRawSync(doc)), { payload: ['deflate-raw', 'json'] })).toMatchObject({ decoder: 'json', layers: ['deflate-raw', 'json'] })
  })

  it('zlib-stream: one stream per direction across messages, each ending 00 00 ff ff', () => {
    const deflate = new Deflate()
    const chunks: Uint8Array[] = []
    deflate.onData = (c: Uint8Array) => chunks.push(c)
    const messages = [{ op: 10, d: { heartbeat_interval: 41250 } }, { op: 0, t: 'READY', d: { v: 10 } }, { op: 11 }].map((m) => {
      chunks.length = 0
      deflate.push(new TextEncoder().encode(JSON.stringify(m)), Z_SYNC_FLUSH)
      return Uint8Array.from(chunks.flatMap((c) => [...c]))
    })
    const results = decodeAll(messages, 'server')
    expect(results.map((r) => r.layers)).toEqual([
      ['zlib-stream', 'json'],
      ['zlib-stream', 'json'],
      ['zlib-stream', 'json'],
    ])
    expect(results.map((r) => r.value)).toEqual([{ op: 10, d: { heartbeat_interval: 41250 } }, { op: 0, t: 'READY', d: { v: 10 } }, { op: 11 }])
  })

  it('a deflate bomb is cut at the limit with an error', () => {
    const bomb = deflateSync(Buffer.alloc(4 * 1024 * 1024), { level: constants.Z_BEST_COMPRESSION })
    const p = one(bytesOf(bomb), { options: { maxInflate: 1024 * 1024 } })
    expect(p.layers[0]).toBe('zlib')
    expect(p.errors[0].message).toMatch(/exceeds 1048576 bytes/)
  })

  it('a zstd RLE bomb is cut at the limit (fzstd)', () => {
    // one RLE block (type 1) of 2^20 bytes... repeated: 3-byte block headers with size 2^17 - 1 each
    const blocks: number[] = []
    for (let i = 0; i < 40; i++) {
      const h = ((2 ** 17 - 1) << 3) | (1 << 1) | (i === 39 ? 1 : 0)
      blocks.push(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, 0x41)
    }
    const frame = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, ...blocks])
    const p = one(frame, { options: { maxInflate: 1024 * 1024 } })
    expect(p.layers[0]).toBe('zstd')
    expect(p.errors[0].message).toMatch(/exceeds 1048576 bytes/)
  })

  it('a corrupt gzip says where', () => {
    const g = Buffer.from(gzipSync(doc))
    g[12] ^= 0xff
    const p = one(bytesOf(g), { payload: ['gzip'] })
    expect(p.errors.length).toBeGreaterThan(0)
    expect(p.errors[0].offset).toBeGreaterThan(0)
  })
})
